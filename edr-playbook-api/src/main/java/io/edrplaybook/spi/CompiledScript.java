package io.edrplaybook.spi;

/**
 * A script its runner accepted: it compiled and defines {@code run}. Runners return their own
 * implementation and accept only their own in {@link ScriptRunner#run}. Immutable and thread-safe:
 * one compiled script may run concurrently with different contexts.
 */
public interface CompiledScript {

  /** Returns the source it was compiled from. */
  ScriptSource source();

  /** Returns whether the script defines a top-level {@code test(ctx)}. */
  boolean hasTest();
}
