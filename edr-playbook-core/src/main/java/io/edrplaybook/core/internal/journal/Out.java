package io.edrplaybook.core.internal.journal;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/** A growable byte buffer with the journal's compact encodings (varints, short strings). */
final class Out {
  private byte[] bytes;
  private int size;

  Out(int capacity) {
    bytes = new byte[capacity];
  }

  int size() {
    return size;
  }

  byte[] array() {
    return bytes;
  }

  void reset() {
    size = 0;
  }

  private void ensure(int more) {
    if (size + more > bytes.length) {
      bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, size + more));
    }
  }

  void u8(int v) {
    ensure(1);
    bytes[size++] = (byte) v;
  }

  void u32(int v) {
    ensure(4);
    bytes[size++] = (byte) (v >>> 24);
    bytes[size++] = (byte) (v >>> 16);
    bytes[size++] = (byte) (v >>> 8);
    bytes[size++] = (byte) v;
  }

  void u32At(int at, int v) {
    bytes[at] = (byte) (v >>> 24);
    bytes[at + 1] = (byte) (v >>> 16);
    bytes[at + 2] = (byte) (v >>> 8);
    bytes[at + 3] = (byte) v;
  }

  void u64(long v) {
    u32((int) (v >>> 32));
    u32((int) v);
  }

  /** Unsigned LEB128. */
  void varlong(long v) {
    ensure(10);
    while ((v & ~0x7FL) != 0) {
      bytes[size++] = (byte) ((v & 0x7F) | 0x80);
      v >>>= 7;
    }
    bytes[size++] = (byte) v;
  }

  /** Signed, zig-zag. */
  void zigzag(long v) {
    varlong((v << 1) ^ (v >> 63));
  }

  void raw(byte[] b, int from, int n) {
    ensure(n);
    System.arraycopy(b, from, bytes, size, n);
    size += n;
  }

  void u8At(int at, int v) {
    bytes[at] = (byte) v;
  }

  void raw(byte[] b) {
    ensure(b.length);
    System.arraycopy(b, 0, bytes, size, b.length);
    size += b.length;
  }

  /** A length-prefixed byte array. */
  void blob(byte[] b) {
    varlong(b.length);
    raw(b);
  }

  /** A length-prefixed UTF-8 string. */
  void str(String s) {
    blob(s.getBytes(StandardCharsets.UTF_8));
  }
}
