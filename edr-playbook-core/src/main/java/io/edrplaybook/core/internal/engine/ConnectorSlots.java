package io.edrplaybook.core.internal.engine;

import io.edrplaybook.api.Invocation;
import io.edrplaybook.spi.ExecutionJournal;

/**
 * A connector's cluster-wide run slots: the journal's ({@link ExecutionJournal#acquireConnectorSlot}).
 * The {@link ConnectorGate} takes one for each run it admits when the connector has a
 * {@code maxConcurrent}, so that the limit holds across every engine sharing the journal.
 */
public interface ConnectorSlots {
  /** No cluster: the engine's own bound is the only one. */
  ConnectorSlots NONE = new ConnectorSlots() {
    @Override
    public boolean acquire(Invocation invocation, int maxConcurrent) {
      return true;
    }

    @Override
    public void release(Invocation invocation) {}
  };

  /** Takes a slot for {@code invocation}; false: ask again later. */
  boolean acquire(Invocation invocation, int maxConcurrent);

  /** Gives back the slot of {@code invocation}. */
  void release(Invocation invocation);

  /**
   * The slots of {@code journal}: {@link #NONE} for a journal that keeps the default (always
   * grants: one writer), so such journals cost nothing here.
   */
  static ConnectorSlots of(ExecutionJournal journal) {
    try {
      if (journal.getClass().getMethod("acquireConnectorSlot", Invocation.class, int.class)
          .getDeclaringClass() == ExecutionJournal.class) {
        return NONE;
      }
    } catch (NoSuchMethodException e) {
      return NONE;
    }
    return new ConnectorSlots() {
      @Override
      public boolean acquire(Invocation invocation, int maxConcurrent) {
        return journal.acquireConnectorSlot(invocation, maxConcurrent);
      }

      @Override
      public void release(Invocation invocation) {
        journal.releaseConnectorSlot(invocation);
      }
    };
  }
}
