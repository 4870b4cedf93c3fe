package dev.threadleak.agent.threads;

import static net.bytebuddy.matcher.ElementMatchers.isStatic;
import static net.bytebuddy.matcher.ElementMatchers.nameStartsWith;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.namedOneOf;
import static net.bytebuddy.matcher.ElementMatchers.not;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import java.lang.instrument.Instrumentation;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import net.bytebuddy.agent.builder.AgentBuilder;
import net.bytebuddy.agent.builder.ResettableClassFileTransformer;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.dynamic.DynamicType;
import net.bytebuddy.utility.JavaModule;

/**
 * Weaves {@link ThreadAdvice} into the JDK's thread start and end points (see jvm-notes: pools
 * start workers through {@code Thread.start(ThreadContainer)} on JDK 21+; a virtual thread ends
 * in {@code VirtualThread.afterDone}, named {@code afterTerminate} on some builds).
 * Retransformation only: no class-format changes, so late attach works the same.
 */
public final class ThreadInstrumentation {

    private static final String VIRTUAL_THREAD = "java.lang.VirtualThread";

    private final Set<String> transformed = java.util.concurrent.ConcurrentHashMap.newKeySet();
    private final List<String> errors = new CopyOnWriteArrayList<>();

    public ResettableClassFileTransformer install(Instrumentation inst, boolean virtualThreads) {
        AgentBuilder builder = new AgentBuilder.Default()
                .disableClassFormatChanges()
                .with(AgentBuilder.RedefinitionStrategy.RETRANSFORMATION)
                .with(AgentBuilder.RedefinitionStrategy.DiscoveryStrategy.Reiterating.INSTANCE)
                .with(AgentBuilder.InitializationStrategy.NoOp.INSTANCE)
                .with(AgentBuilder.TypeStrategy.Default.DECORATE)
                .with(new Outcomes())
                .ignore(not(nameStartsWith("java.lang.")))
                .type(named("java.lang.Thread"))
                .transform((b, type, loader, module, domain) -> b
                        .visit(Advice.to(ThreadAdvice.Start.class).on(named("start").and(not(isStatic()))))
                        .visit(Advice.to(ThreadAdvice.End.class).on(named("exit").and(takesArguments(0))))
                        .visit(Advice.to(ThreadAdvice.Uncaught.class)
                                .on(named("dispatchUncaughtException").and(takesArguments(1)))));
        if (virtualThreads) {
            builder = builder.type(named(VIRTUAL_THREAD))
                    .transform((b, type, loader, module, domain) -> b
                            .visit(Advice.to(ThreadAdvice.Start.class).on(named("start").and(not(isStatic()))))
                            .visit(Advice.to(ThreadAdvice.End.class)
                                    .on(namedOneOf("afterDone", "afterTerminate").and(not(isStatic())))));
        }
        return builder.installOn(inst);
    }

    /** Which of our targets were woven: the self-check compares this with what the JDK has. */
    public boolean transformed(String className) {
        return transformed.contains(className);
    }

    public List<String> errors() {
        return errors;
    }

    private final class Outcomes extends AgentBuilder.Listener.Adapter {
        @Override
        public void onTransformation(TypeDescription type, ClassLoader loader, JavaModule module, boolean loaded,
                                     DynamicType dynamicType) {
            transformed.add(type.getName());
        }

        @Override
        public void onError(String typeName, ClassLoader loader, JavaModule module, boolean loaded, Throwable error) {
            errors.add(typeName + ": " + error);
        }
    }
}
