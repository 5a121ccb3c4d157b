import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * Writes {@code function-package.json} next to {@code function.zip}: which runtime the package is for and which
 * processor architecture it runs on, read from the package itself, never from the build machine's settings.
 *
 * <p>Run by the build ({@code pom.xml}, after Quarkus has made the zip) as a single-file Java program:
 * {@code java src/build/java/PackageManifest.java target/function.zip target/function-package.json}.
 * The Terraform merge-trigger module reads the file and refuses to deploy a package on a function of another
 * runtime or architecture: a native executable built for x86_64 on an arm64 function cannot start, and then
 * every sign-up of the pool fails, native ones included.
 *
 * <ul>
 *   <li>A zip with a {@code bootstrap} executable is a native package ({@code provided.al2023}); its architecture
 *       is the ELF header's machine field: 62 (EM_X86_64) is {@code x86_64}, 183 (EM_AARCH64) is {@code arm64}
 *       (System V ABI, ELF header {@code e_machine}).</li>
 *   <li>A zip with the Quarkus JVM handler and no {@code bootstrap} is a JVM package ({@code java21}): bytecode
 *       runs on either architecture, written {@code any}.</li>
 * </ul>
 * Anything else stops the build with a sentence, so no package leaves without a manifest that tells the truth.
 */
public final class PackageManifest {

    static final String JVM_HANDLER = "io/quarkus/amazon/lambda/runtime/QuarkusStreamHandler.class";
    static final int EM_X86_64 = 62;
    static final int EM_AARCH64 = 183;

    public static void main(String[] args) throws IOException {
        if (args.length != 2) {
            fail("usage: PackageManifest <function.zip> <function-package.json>");
        }
        Path zip = Path.of(args[0]);
        Path manifest = Path.of(args[1]);
        if (!Files.isRegularFile(zip)) {
            fail(zip + " does not exist: nothing to describe");
        }
        String packaging;
        String architecture;
        try (ZipFile file = new ZipFile(zip.toFile())) {
            ZipEntry bootstrap = file.getEntry("bootstrap");
            if (bootstrap != null) {
                packaging = "native";
                try (InputStream in = file.getInputStream(bootstrap)) {
                    architecture = elfArchitecture(in.readNBytes(20), zip);
                }
            } else if (containsJvmHandler(file)) {
                packaging = "jvm";
                architecture = "any";
            } else {
                fail(zip + " holds neither a native bootstrap nor the Quarkus JVM handler");
                return;
            }
        }
        String json = "{\"packaging\":\"" + packaging + "\",\"architecture\":\"" + architecture
                + "\",\"zip\":\"" + zip.getFileName() + "\"}\n";
        Files.writeString(manifest, json, StandardCharsets.UTF_8);
        System.out.println("[function-package] " + manifest + ": " + packaging + ", " + architecture);
    }

    static boolean containsJvmHandler(ZipFile file) throws IOException {
        for (ZipEntry entry : java.util.Collections.list(file.entries())) {
            if (entry.getName().startsWith("lib/") && entry.getName().endsWith(".jar")
                    && entry.getName().contains("quarkus-amazon-lambda-")) {
                try (java.util.zip.ZipInputStream jar = new java.util.zip.ZipInputStream(file.getInputStream(entry))) {
                    for (ZipEntry inner = jar.getNextEntry(); inner != null; inner = jar.getNextEntry()) {
                        if (inner.getName().equals(JVM_HANDLER)) {
                            return true;
                        }
                    }
                }
            }
        }
        return false;
    }

    /** e_machine is the little-endian 16-bit field at offset 18 of a 64-bit little-endian ELF header. */
    static String elfArchitecture(byte[] header, Path zip) {
        if (header.length < 20 || header[0] != 0x7f || header[1] != 'E' || header[2] != 'L' || header[3] != 'F') {
            fail(zip + ": bootstrap is not an ELF executable");
        }
        if (header[4] != 2 || header[5] != 1) {
            fail(zip + ": bootstrap is not a 64-bit little-endian ELF executable, which Lambda needs");
        }
        int machine = (header[18] & 0xff) | (header[19] & 0xff) << 8;
        return switch (machine) {
            case EM_X86_64 -> "x86_64";
            case EM_AARCH64 -> "arm64";
            default -> {
                fail(zip + ": bootstrap is built for ELF machine " + machine + ", which Lambda does not run");
                yield null;
            }
        };
    }

    static void fail(String sentence) {
        System.err.println("[function-package] " + sentence);
        System.exit(1);
    }
}
