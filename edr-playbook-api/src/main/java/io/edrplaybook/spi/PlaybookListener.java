package io.edrplaybook.spi;

import io.edrplaybook.api.ClassificationChange;
import io.edrplaybook.api.InvocationResult;
import io.edrplaybook.api.InvocationStarted;

/**
 * Observes the engine. Every method has a default that does nothing. Called on engine threads:
 * return quickly and do not throw (an exception is logged and ignored).
 */
public interface PlaybookListener {

  /** An event received a classification. */
  default void onClassification(ClassificationChange change) {}

  /** A run was handed to its runner. */
  default void onStarted(InvocationStarted started) {}

  /** A run ended: succeeded, failed, timed out, was cancelled or rejected. */
  default void onFinished(InvocationResult result) {}
}
