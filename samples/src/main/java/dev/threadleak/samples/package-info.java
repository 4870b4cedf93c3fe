/**
 * Runnable programs of the lessons in go-lessons.md: {@code java -jar threadleak-samples.jar NAME
 * [--fixed]} runs one lesson's leaky or fixed program (load the agent with {@code on-exit=true}
 * to see its report at exit); without a name, {@code Samples} lists them. Each lesson is a
 * {@code Scenario} in a class of its own; the rest are what they share: {@code ParkedThreads}
 * (waits until the leaked threads are parked, so that the exit report shows where they are stuck),
 * {@code NamedThreads}, {@code VirtualThreads}, {@code NonDaemonThreads}, and a small server and
 * its owner ({@code LineServer}, {@code ServerGroup}).
 */
package dev.threadleak.samples;
