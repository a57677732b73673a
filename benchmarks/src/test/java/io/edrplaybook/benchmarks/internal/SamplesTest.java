package io.edrplaybook.benchmarks.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The median of rounds is the middle value, or the mean of the middle two. */
class SamplesTest {
  @Test
  void theMedianOfAnOddCountIsTheMiddleValue() {
    Samples s = samples(3, 1, 2);
    assertEquals(2, s.median());
  }

  @Test
  void theMedianOfAnEvenCountIsTheMeanOfTheMiddleTwo() {
    assertEquals(1_500, samples(2_000, 1_000).median());
    assertEquals(2.5, samples(4, 1, 3, 2).median());
  }

  @Test
  void theMedianOfNothingIsNotANumber() {
    assertTrue(Double.isNaN(new Samples().median()));
  }

  private static Samples samples(double... values) {
    Samples s = new Samples();
    for (double v : values) {
      s.add(v);
    }
    return s;
  }
}
