package io.edrplaybook.core.internal.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

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

  @Test
  void base64OfASecretInsideLongerTextIsMaskedAtEveryAlignment() {
    SecretMasker m = SecretMasker.of(List.of("s3cr3t-t0ken-value"));
    for (String before : new String[] {"", "a", "ab", "abc"}) {
      String encoded = java.util.Base64.getEncoder().encodeToString(
          (before + "s3cr3t-t0ken-value" + "-and-after").getBytes(java.nio.charset.StandardCharsets.UTF_8));
      String masked = m.mask(encoded);
      assertTrue(masked.contains("****"), before + ": " + masked);
      assertTrue(masked.length() < encoded.length() - 10, before + ": " + masked);
    }
  }

  @Test
  void percentEncodedFormsAreMaskedWhateverTheHexCaseOrSpaceEncoding() {
    SecretMasker m = SecretMasker.of(List.of("p@ss word/1"));
    assertEquals("a=****&b=****&c=****", m.mask("a=p%40ss+word%2F1&b=p%40ss%20word/1&c=p%40ss%20word%2f1"));
  }

  @Test
  void python3ReprOfASecretWithAQuoteIsMasked() {
    SecretMasker m = SecretMasker.of(List.of("don't-tell-1"));
    assertEquals("['****']", m.mask("['don\\'t-tell-1']"));
  }

  @Test
  void capLeavesNoBeginningOfASecretAtTheCut() {
    SecretMasker m = SecretMasker.of(List.of("topsecret-value"));
    assertEquals("log ", m.cap("log topsecret-value", 9));
    assertEquals("log tail", m.cap("log tail and more", 8));
  }
}
