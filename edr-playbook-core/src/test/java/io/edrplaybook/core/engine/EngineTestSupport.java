package io.edrplaybook.core.engine;

import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;

/** Waits on what the engine returns; never sleeps. */
final class EngineTestSupport {
  private EngineTestSupport() {}

  static <T> T await(CompletionStage<T> stage) {
    try {
      return stage.toCompletableFuture().get(30, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new AssertionError("the engine did not complete: " + e, e);
    }
  }
}
