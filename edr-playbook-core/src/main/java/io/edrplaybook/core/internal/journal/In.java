package io.edrplaybook.core.internal.journal;

import java.nio.charset.StandardCharsets;

/** Reads what {@link Out} wrote; throws {@link IllegalArgumentException} past the end. */
final class In {
  private final byte[] bytes;
  private int at;
  private final int end;

  In(byte[] bytes, int from, int end) {
    this.bytes = bytes;
    this.at = from;
    this.end = end;
  }

  private void need(long n) {
    if (n < 0 || at + n > end) {
      throw new IllegalArgumentException("record ends early at byte " + at);
    }
  }

  int u8() {
    need(1);
    return bytes[at++] & 0xFF;
  }

  long varlong() {
    long v = 0;
    for (int shift = 0; shift < 64; shift += 7) {
      int b = u8();
      v |= (long) (b & 0x7F) << shift;
      if ((b & 0x80) == 0) {
        return v;
      }
    }
    throw new IllegalArgumentException("varint too long at byte " + at);
  }

  long zigzag() {
    long v = varlong();
    return (v >>> 1) ^ -(v & 1);
  }

  int varint() {
    long v = varlong();
    if (v > Integer.MAX_VALUE) {
      throw new IllegalArgumentException("length out of range: " + v);
    }
    return (int) v;
  }

  long u64() {
    need(8);
    long v = 0;
    for (int i = 0; i < 8; i++) {
      v = (v << 8) | (bytes[at++] & 0xFF);
    }
    return v;
  }

  byte[] blob() {
    int n = varint();
    need(n);
    byte[] b = new byte[n];
    System.arraycopy(bytes, at, b, 0, n);
    at += n;
    return b;
  }

  String str() {
    int n = varint();
    need(n);
    String s = new String(bytes, at, n, StandardCharsets.UTF_8);
    at += n;
    return s;
  }

  String utf8(int n) {
    need(n);
    String s = new String(bytes, at, n, StandardCharsets.UTF_8);
    at += n;
    return s;
  }

  void skip(int n) {
    need(n);
    at += n;
  }

  boolean atEnd() {
    return at == end;
  }
}
