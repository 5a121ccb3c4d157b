package dev.cognitomerge.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;

/**
 * HTTPS in front of a plain-HTTP stand-in on loopback: what the packaged function meets on AWS, where every Cognito
 * call is TLS with a certificate the function must validate. The key and its certificate (CN and SAN localhost) are
 * made by the JDK's own {@code keytool} in a temporary folder for each run; the function trusts them through the
 * standard {@code javax.net.ssl.trustStore} system properties ({@link #trustOptions()}), which the JVM and a native
 * executable both read at start. Each accepted connection is decrypted and its bytes are pumped to and from the
 * stand-in by two daemon threads; {@link #close()} ends them all.
 */
public final class TlsFront implements AutoCloseable {

    private static final String PASSWORD = "stand-in";

    private final SSLServerSocket server;
    private final URI target;
    private final Path folder;
    private final List<String> negotiated = new CopyOnWriteArrayList<>();
    private final List<String> failed = new CopyOnWriteArrayList<>();
    private final List<Socket> open = new CopyOnWriteArrayList<>();

    private TlsFront(SSLServerSocket server, URI target, Path folder) {
        this.server = server;
        this.target = target;
        this.folder = folder;
    }

    /** Starts HTTPS on a free loopback port, forwarding to {@code target} (an http://127.0.0.1 endpoint). */
    public static TlsFront start(URI target) {
        try {
            Path folder = Files.createTempDirectory("tls-front");
            Path keys = folder.resolve("keys.p12");
            Path trust = folder.resolve("trust.p12");
            Path certificate = folder.resolve("localhost.crt");
            keytool("-genkeypair", "-alias", "localhost", "-keyalg", "EC", "-groupname", "secp256r1",
                    "-dname", "CN=localhost", "-ext", "SAN=dns:localhost,ip:127.0.0.1", "-validity", "2",
                    "-storetype", "PKCS12", "-keystore", keys.toString(), "-storepass", PASSWORD);
            keytool("-exportcert", "-alias", "localhost", "-keystore", keys.toString(), "-storepass", PASSWORD,
                    "-file", certificate.toString());
            keytool("-importcert", "-noprompt", "-alias", "localhost", "-file", certificate.toString(),
                    "-storetype", "PKCS12", "-keystore", trust.toString(), "-storepass", PASSWORD);

            KeyStore store = KeyStore.getInstance("PKCS12");
            try (InputStream in = Files.newInputStream(keys)) {
                store.load(in, PASSWORD.toCharArray());
            }
            KeyManagerFactory keyManagers = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            keyManagers.init(store, PASSWORD.toCharArray());
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(keyManagers.getKeyManagers(), null, null);
            SSLServerSocket server = (SSLServerSocket) context.getServerSocketFactory()
                    .createServerSocket(0, 50, InetAddress.getLoopbackAddress());
            TlsFront front = new TlsFront(server, target, folder);
            Thread acceptor = new Thread(front::acceptLoop, "tls-front-accept");
            acceptor.setDaemon(true);
            acceptor.start();
            return front;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The HTTPS endpoint to give the function: the certificate names localhost. */
    public URI endpoint() {
        return URI.create("https://localhost:" + server.getLocalPort());
    }

    /** System properties that make the function trust this front's certificate (and nothing else). */
    public List<String> trustOptions() {
        return List.of("-Djavax.net.ssl.trustStore=" + folder.resolve("trust.p12"),
                "-Djavax.net.ssl.trustStorePassword=" + PASSWORD,
                "-Djavax.net.ssl.trustStoreType=PKCS12");
    }

    /** "protocol cipher-suite" of every completed handshake, in order. */
    public List<String> handshakes() {
        return List.copyOf(negotiated);
    }

    /** Handshakes that did not complete (the client refused the certificate, say), as the server saw them. */
    public List<String> failedHandshakes() {
        return List.copyOf(failed);
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            try {
                SSLSocket client = (SSLSocket) server.accept();
                open.add(client);
                Thread connection = new Thread(() -> serve(client), "tls-front-connection");
                connection.setDaemon(true);
                connection.start();
            } catch (IOException closed) {
                return;
            }
        }
    }

    private void serve(SSLSocket client) {
        try {
            client.setSoTimeout((int) TimeUnit.SECONDS.toMillis(30));
            try {
                client.startHandshake();
            } catch (SSLException refused) {
                failed.add(String.valueOf(refused.getMessage()));
                close(client);
                return;
            }
            negotiated.add(client.getSession().getProtocol() + " " + client.getSession().getCipherSuite());
            Socket upstream = new Socket(target.getHost(), target.getPort());
            open.add(upstream);
            Thread back = new Thread(() -> pump(upstream, client), "tls-front-back");
            back.setDaemon(true);
            back.start();
            pump(client, upstream);
        } catch (IOException e) {
            close(client);
        }
    }

    private static void pump(Socket from, Socket to) {
        try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
            byte[] buffer = new byte[8192];
            for (int read; (read = in.read(buffer)) >= 0; ) {
                out.write(buffer, 0, read);
                out.flush();
            }
        } catch (SocketException closed) {
            // one side went away: the other follows below
        } catch (IOException e) {
            // a broken connection ends this pump; the client sees it as any dropped connection
        } finally {
            close(from);
            close(to);
        }
    }

    private static void close(Socket socket) {
        try {
            socket.close();
        } catch (IOException ignored) {
            // already closed
        }
    }

    private static void keytool(String... arguments) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
        command.addAll(List.of(arguments));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes());
        try {
            if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
                process.destroyForcibly();
                throw new IllegalStateException("keytool " + arguments[0] + " failed: " + output);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        try {
            server.close();
        } catch (IOException ignored) {
            // already closed
        }
        open.forEach(TlsFront::close);
        TaskRoot.deleteTree(folder);
    }
}
