package dev.helpdesk.store;

/** Work done inside one store transaction; throwing rolls the whole transaction back. */
@FunctionalInterface
public interface TxWork<T> {
    T run(Tx tx);
}
