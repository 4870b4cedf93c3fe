/**
 * How a hook gets into a JDK method: a {@code HookPoint} says where (a method's entry, or before
 * its returns) and what the call to {@code bootstrap.Hooks} is given; {@code HookWeaver} inserts
 * those calls, patching the class file's bytes ({@code ClassFilePatch}, {@code CodePatch}) or,
 * for what the patch leaves alone, with plain ASM ({@code AsmWeaving}, which computes the changed
 * methods' stack map frames, {@code FramesOfLoadedClasses}, for a class that comes without any),
 * and keeps them through later retransformations. Under {@code premain} it retransforms only what is loaded already, and
 * weaves the rest as it loads (or, for a class it is told to defer, when asked). What to weave is
 * decided elsewhere: each feature lists its points, and the agent's {@code InstrumentationPlan}
 * assembles them.
 *
 * <p>Public: {@code HookPoint}, in which the features write their points, and {@code HookWeaver},
 * which the installer runs.
 */
package dev.threadleak.agent.weaving;
