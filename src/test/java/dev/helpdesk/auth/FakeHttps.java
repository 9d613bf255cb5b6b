package dev.helpdesk.auth;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URL;
import java.net.URLConnection;
import java.net.URLStreamHandler;
import java.nio.charset.StandardCharsets;
import java.security.cert.Certificate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.net.ssl.HttpsURLConnection;

/**
 * Routes every {@code https://} URL of a JVM to the fake identity provider, one level below msal4j: the
 * product keeps its production HTTP client (msal4j's default, with the timeouts the product sets), only the
 * socket is replaced. For child JVMs that run the real command line; installing it is a once-per-JVM act.
 */
final class FakeHttps extends URLStreamHandler {
    private final FakeIdentityProvider idp;

    private FakeHttps(FakeIdentityProvider idp) {
        this.idp = idp;
    }

    static void install(FakeIdentityProvider idp) {
        FakeHttps handler = new FakeHttps(idp);
        URL.setURLStreamHandlerFactory(protocol -> "https".equals(protocol) ? handler : null);
    }

    @Override
    protected URLConnection openConnection(URL url) {
        return new Connection(url, idp);
    }

    /** Buffers the request body and answers at the first look at the response. */
    private static final class Connection extends HttpsURLConnection {
        private final FakeIdentityProvider idp;
        private final ByteArrayOutputStream body = new ByteArrayOutputStream();
        private final Map<String, String> headers = new LinkedHashMap<>();
        private FakeIdentityProvider.Reply reply;

        Connection(URL url, FakeIdentityProvider idp) {
            super(url);
            this.idp = idp;
        }

        @Override
        public void connect() {
            connected = true;
        }

        @Override
        public void disconnect() {
        }

        @Override
        public boolean usingProxy() {
            return false;
        }

        @Override
        public String getCipherSuite() {
            return "TLS_AES_128_GCM_SHA256";
        }

        @Override
        public Certificate[] getLocalCertificates() {
            return null;
        }

        @Override
        public Certificate[] getServerCertificates() {
            return new Certificate[0];
        }

        @Override
        public void addRequestProperty(String key, String value) {
            headers.put(key, value);
        }

        @Override
        public void setRequestProperty(String key, String value) {
            headers.put(key, value);
        }

        @Override
        public OutputStream getOutputStream() {
            return body;
        }

        @Override
        public int getResponseCode() {
            return exchange().status();
        }

        @Override
        public InputStream getInputStream() throws IOException {
            if (exchange().status() >= 400) {
                throw new IOException("HTTP " + reply.status());
            }
            return new ByteArrayInputStream(reply.body().getBytes(StandardCharsets.UTF_8));
        }

        @Override
        public InputStream getErrorStream() {
            return exchange().status() >= 400
                    ? new ByteArrayInputStream(reply.body().getBytes(StandardCharsets.UTF_8)) : null;
        }

        @Override
        public Map<String, List<String>> getHeaderFields() {
            return exchange().headers();
        }

        @Override
        public String getHeaderField(String name) {
            List<String> values = exchange().headers().get(name);
            return values == null || values.isEmpty() ? null : values.get(0);
        }

        private FakeIdentityProvider.Reply exchange() {
            if (reply == null) {
                idp.noteTransport("timeouts connect=" + getConnectTimeout() + " read=" + getReadTimeout());
                reply = idp.handle(getRequestMethod(), url, headers, body.toString(StandardCharsets.UTF_8));
            }
            return reply;
        }
    }
}
