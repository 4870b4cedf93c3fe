/**
 * The agent's doors to the outside, kept by its {@code threadleak-channel} thread
 * ({@code Endpoints}): the CLI's Unix-domain channel ({@code ChannelServer}, speaking
 * {@code dev.threadleak.protocol}, answering through {@code ChannelWorkers}), the heap dumps it
 * writes on request and deletes when their requester is gone ({@code HeapDumpFile}),
 * the live threads counted by creation site for {@code watch} and {@code diff}
 * ({@code LiveSites}), and the MBean of {@code agent.jmx}, published from the same thread.
 *
 * <p>Public: {@code Endpoints}, which the installer starts.
 */
package dev.threadleak.agent.channel;
