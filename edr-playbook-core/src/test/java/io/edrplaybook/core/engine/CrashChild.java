package io.edrplaybook.core.engine;

import io.edrplaybook.api.Classification;
import io.edrplaybook.core.CorePlaybookEngine;
import io.edrplaybook.core.FileJournal;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;

/**
 * The child JVM of {@link CrashTest}: runs the engine on a file journal, says STARTED once the
 * firewall run is in flight, then waits to be killed.
 */
public final class CrashChild {
  private CrashChild() {}

  public static void main(String[] args) throws Exception {
    CountDownLatch never = new CountDownLatch(1);
    FakeRunner runner = new FakeRunner();
    runner.on("fw.py", c -> {
      System.out.println("STARTED");
      System.out.flush();
      try {
        never.await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      return io.edrplaybook.spi.ScriptOutcome.succeeded(null, "", false);
    });
    FileJournal journal = FileJournal.open(Path.of(args[0]));
    CorePlaybookEngine engine = Fixtures.engine(runner).laneConcurrency(1).journal(journal)
        .configuration(Fixtures.acme()).build();
    engine.submit(Fixtures.event("ev-crash", "acme", "Laptops", Classification.MALICIOUS));
    never.await();
  }
}
