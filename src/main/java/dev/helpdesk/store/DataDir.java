package dev.helpdesk.store;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/** The data directory: database, token caches and attachments, private to the helpdesk user. */
public final class DataDir {
    /** The database's file name inside the data directory. */
    public static final String DATABASE = "helpdesk.db";

    private final Path root;

    public DataDir(Path root) {
        this.root = root;
    }

    public Path root() {
        return root;
    }

    public Path database() {
        return root.resolve(DATABASE);
    }

    /** The SQLite database in this directory, the store of a single host. */
    public StoreTarget target() {
        return new StoreTarget.Sqlite(database());
    }

    /** Where large mail waits between the network and the store, beside the database and as private. */
    public Path spool() {
        return root.resolve("spool");
    }

    /** Creates the directory (mode 0700) if it is missing; true when it was created now. */
    public boolean create() {
        if (Files.isDirectory(root)) {
            return false;
        }
        try {
            Files.createDirectories(root.toAbsolutePath().getParent());
            Files.createDirectory(root, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            return true;
        } catch (java.nio.file.FileAlreadyExistsException raced) {
            return false;
        } catch (IOException e) {
            throw new StoreException("could not create the data directory " + root + ": " + e.getMessage()
                    + ". Create it (mode 0700) for the user that runs helpdesk, or set dataDir in the config.", e);
        }
    }

    /** Opens the store, creating the directory and database on first use. */
    public Store openStore(String appVersion) {
        create();
        return Store.open(target(), appVersion);
    }
}
