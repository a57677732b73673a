package io.edrplaybook.postgres;

import static io.edrplaybook.postgres.Entries.change;
import static io.edrplaybook.postgres.Entries.invocation;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.zaxxer.hikari.HikariDataSource;
import io.edrplaybook.api.Classification;
import io.edrplaybook.api.EventKey;
import io.edrplaybook.api.Invocation;
import io.edrplaybook.api.InvocationStarted;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** Retention in batches. */
class RetentionTest {

  @Test
  void retentionForgetsMoreEventsThanOneBatchAndKeepsOpenAndRecentOnes() {
    try (HikariDataSource ds = Databases.fresh(); PostgresJournal j = PostgresJournal.builder(ds).open()) {
      Instant old = Instant.now().minus(Duration.ofDays(40));
      for (int n = 0; n < 2500; n++) {
        j.classify(change("old-" + n, Classification.MALICIOUS, old.plusSeconds(n)));
      }
      Invocation open = invocation("old-open", Classification.MALICIOUS, "isolate", "edr");
      j.classify(change("old-open", Classification.MALICIOUS, old));
      j.claim(open);
      j.started(new InvocationStarted(open, old));
      j.classify(change("old-then-new", Classification.MALICIOUS, old));
      j.classify(change("old-then-new", Classification.PUP, Instant.now()));
      j.classify(change("new", Classification.MALICIOUS, Instant.now()));

      assertEquals(2500, j.forgetBefore(Instant.now().minus(Duration.ofDays(30))));

      assertTrue(j.event(new EventKey("acme", "old-7")).isEmpty());
      assertTrue(j.history(new EventKey("acme", "old-2499")).isEmpty());
      assertFalse(j.history(new EventKey("acme", "old-open")).isEmpty(), "an event with an open run is kept");
      assertEquals(2, j.history(new EventKey("acme", "old-then-new")).size(), "an event with a recent entry is kept");
      assertTrue(j.event(new EventKey("acme", "new")).isPresent());
    }
  }
}
