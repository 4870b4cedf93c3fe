/**
 * The wire protocol between the threadleak CLI and the agent, written once for both ends: the
 * system properties the agent publishes ({@link dev.threadleak.protocol.AgentProperties}), the
 * requests ({@link dev.threadleak.protocol.Request}) and answers
 * ({@link dev.threadleak.protocol.Response}) on the agent's Unix domain socket, and what of the
 * agent a heap dump it writes holds ({@link dev.threadleak.protocol.AgentBookkeeping}). Plain Java,
 * no dependencies: the agent jar carries it, the CLI compiles against it.
 */
package dev.threadleak.protocol;
