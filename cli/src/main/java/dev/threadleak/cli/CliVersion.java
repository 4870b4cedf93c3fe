package dev.threadleak.cli;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;
import picocli.CommandLine.IVersionProvider;

/** {@code --version}: ours (filtered into a resource at build time, so tests see it too) and the JVM's. */
final class CliVersion implements IVersionProvider {

    /** The version when the build did not say. */
    static final String UNKNOWN = "unknown";

    static String version() {
        Properties properties = new Properties();
        try (InputStream in = CliVersion.class.getResourceAsStream("version.properties")) {
            if (in != null) {
                properties.load(in);
            }
        } catch (IOException e) {
            // unknown, then
        }
        return properties.getProperty("version", UNKNOWN);
    }

    @Override
    public String[] getVersion() {
        return new String[] {
            "threadleak " + version(),
            "running on Java " + System.getProperty("java.version") + " (" + System.getProperty("java.vendor") + ")"
        };
    }
}
