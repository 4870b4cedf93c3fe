package dev.threadleak.agent;

import java.net.URL;
import java.security.AccessController;
import java.security.AllPermission;
import java.security.PrivilegedActionException;
import java.security.PrivilegedExceptionAction;
import java.security.ProtectionDomain;

/**
 * What the agent may do under a {@code SecurityManager} (JDK 17 to 23; JDK 24 removed it). The
 * agent reads every thread's stack, opens a socket, writes files and defines classes in the boot
 * class loader: it runs with all permissions or not at all.
 * <ul>
 * <li>A SecurityManager already there when the agent starts ({@code -Djava.security.manager}):
 *     unless its policy grants the agent jar {@link AllPermission}, the agent steps aside with
 *     one line that says what to grant ({@link #refusal}); with the grant it installs, and does
 *     its work {@linkplain #call privileged}, so that what the application's code on the stack
 *     may not do does not matter.</li>
 * <li>A SecurityManager the application installs later: the agent's threads run on, inside
 *     privileged blocks, so the grant, if the policy has it, is all they need; what the policy
 *     denies them (another thread's stack, a report file) is left out of reports, which say so,
 *     and no thread of ours dies of it.</li>
 * </ul>
 */
@SuppressWarnings("removal") // SecurityManager and AccessController: deprecated, and still in JDK 17 to 23
public final class Privileges {

    private Privileges() {
    }

    /** An action that may throw. */
    @FunctionalInterface
    public interface Action<T> {
        T run() throws Exception;
    }

    /**
     * Null when the agent may install: no SecurityManager, or one whose policy grants the agent
     * jar all permissions. Else the line that says why not and what to grant.
     */
    static String refusal() {
        if (System.getSecurityManager() == null) {
            return null;
        }
        try {
            ProtectionDomain own = AccessController.doPrivileged(
                    (java.security.PrivilegedAction<ProtectionDomain>) Privileges.class::getProtectionDomain);
            if (own.implies(new AllPermission())) {
                return null;
            }
        } catch (SecurityException e) {
            // not even our own domain may be read: certainly not all permissions
        }
        return "a SecurityManager is installed and its policy does not grant the agent all permissions; the agent is"
                + " not installed and the application runs on without it (to run it, add to the policy: grant codeBase \""
                + codeBase() + "\" { permission java.security.AllPermission; };)";
    }

    /** The agent jar's URL as a policy names it, read from where our own class file is (which needs no permission). */
    private static String codeBase() {
        try {
            URL self = Privileges.class.getResource(Privileges.class.getSimpleName() + ".class");
            String url = self == null ? "" : self.toString();
            if (url.startsWith("jar:") && url.contains("!/")) {
                return url.substring("jar:".length(), url.indexOf("!/"));
            }
        } catch (RuntimeException e) {
            // fall through to the placeholder
        }
        return "file:/path/to/threadleak-agent.jar";
    }

    /** Runs {@code action} with the agent's own permissions, whoever called; its exception is rethrown as is. */
    public static <T> T call(Action<T> action) throws Exception {
        if (System.getSecurityManager() == null) {
            return action.run();
        }
        try {
            return AccessController.doPrivileged((PrivilegedExceptionAction<T>) action::run);
        } catch (PrivilegedActionException e) {
            throw e.getException();
        }
    }

    /** {@link #call} for the body of one of the agent's threads, which throws nothing checked. */
    public static void run(Runnable body) {
        if (System.getSecurityManager() == null) {
            body.run();
            return;
        }
        AccessController.doPrivileged((java.security.PrivilegedAction<Void>) () -> {
            body.run();
            return null;
        });
    }
}
