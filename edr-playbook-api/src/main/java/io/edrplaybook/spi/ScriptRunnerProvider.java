package io.edrplaybook.spi;

/**
 * Creates {@link ScriptRunner}s of one kind. Found by the engine with
 * {@link java.util.ServiceLoader}; must have a public no-argument constructor. Implementations
 * must be thread-safe.
 */
public interface ScriptRunnerProvider {

  /**
   * Returns the stable id scripts and configurations use to pick this runner, e.g. {@code jython}
   * or {@code cpython}. Two providers with one id are an error.
   */
  String id();

  /**
   * Creates a runner.
   *
   * @param settings the runner's settings from the configuration; never null, possibly empty
   * @return a new runner, owned by the caller, who closes it
   * @throws io.edrplaybook.api.PlaybookException when the runner cannot be created (say, its
   *     interpreter is missing), with a message naming what was looked for
   */
  ScriptRunner create(RunnerSettings settings);
}
