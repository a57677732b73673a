package io.edrplaybook.core.internal.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SecretMaskerTest {
  private final SecretMasker masker = SecretMasker.of(List.of("abc", "abcdef", "xyz-123", " "));

  @Test
  void everyOccurrenceIsMasked() {
    assertEquals("key=**** and **** again", masker.mask("key=xyz-123 and xyz-123 again"));
  }

  @Test
  void aSecretThatContainsAnotherIsMaskedWhole() {
    assertEquals("****|****", masker.mask("abcdef|abc"));
  }

  @Test
  void textWithoutSecretsIsReturnedAsItIs() {
    String text = "nothing to see, ab cd";
    assertSame(text, masker.mask(text));
  }

  @Test
  void valuesAreMaskedDeepAndCopiedOnlyWhenNeeded() {
    Map<String, Object> clean = Map.of("message", "ok", "n", 3, "list", List.of("a", "b"));
    assertSame(clean, masker.maskValue(clean));
    Object masked = masker.maskValue(Map.of("list", List.of("ok", "token xyz-123"), "abc", 1));
    assertEquals(Map.of("list", List.of("ok", "token ****"), "****", 1), masked);
  }

  @Test
  void blankSecretsAreIgnored() {
    assertEquals("a b c", masker.mask("a b c"));
  }
}
