package dev.threadleak.junit;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * What the extension keeps for a whole test run (one engine execution), in the root context's
 * store: the configuration, read once; the mode, chosen once; what was already judged; the
 * report files written.
 */
final class TestRun {

    private final Configuration configuration;
    private final Mode mode;
    private final Set<String> judged = ConcurrentHashMap.newKeySet();
    private final ReportFiles reportFiles;

    private TestRun(Configuration configuration, Mode mode) {
        this.configuration = configuration;
        this.mode = mode;
        this.reportFiles = configuration.reportDir() == null ? null : new ReportFiles(configuration.reportDir());
    }

    /**
     * The run of {@code context}. A configuration error fails every test that uses the
     * extension, each with a fresh exception (sharing one would pile up suppressed exceptions).
     */
    static TestRun of(ExtensionContext context, ExtensionContext.Namespace namespace) {
        ExtensionContext root = context.getRoot();
        Start start = root.getStore(namespace).getOrComputeIfAbsent(Start.class, k -> Start.of(root), Start.class);
        if (start.error != null) {
            throw new ExtensionConfigurationException(start.error);
        }
        return start.run;
    }

    Configuration configuration() {
        return configuration;
    }

    Mode mode() {
        return mode;
    }

    /** {@link dev.threadleak.api.Finding#key() Keys} of what an earlier check of this run reported or ignored. */
    Set<String> judged() {
        return judged;
    }

    /** Null when JSON reports are off. */
    ReportFiles reportFiles() {
        return reportFiles;
    }

    /** The run, or the message of what stopped it. */
    private static final class Start {
        final TestRun run;
        final String error;

        private Start(TestRun run, String error) {
            this.run = run;
            this.error = error;
        }

        static Start of(ExtensionContext root) {
            try {
                ClassLoader loader = Thread.currentThread().getContextClassLoader();
                Configuration configuration = Configuration.read(root::getConfigurationParameter,
                        loader != null ? loader : TestRun.class.getClassLoader());
                return new Start(new TestRun(configuration, ModeChoice.choose(configuration)), null);
            } catch (ExtensionConfigurationException e) {
                return new Start(null, e.getMessage());
            } catch (RuntimeException e) {
                return new Start(null, "threadleak: could not start (" + e + ")");
            }
        }
    }
}
