package io.edrplaybook.core.internal.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** The lane threads of an engine whose builder set none: max(64, 8 × laneConcurrency). */
class DefaultLaneThreadsTest {
  @Test
  void smallLanesShareAtLeast64Threads() {
    assertEquals(64, Dispatcher.defaultMaxThreads(1));
    assertEquals(64, Dispatcher.defaultMaxThreads(8));
  }

  @Test
  void wideLanesGetEightThreadsPerConcurrentRun() {
    assertEquals(128, Dispatcher.defaultMaxThreads(16));
  }
}
