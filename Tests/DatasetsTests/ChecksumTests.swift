import Foundation
import Testing
@testable import Datasets

@Suite("Checksums: CRC-32, Adler-32, SHA-256")
struct ChecksumTests {
  @Test("[DATA-6] CRC-32 check value and incremental update")
  func crc32() {
    #expect(CRC32.checksum(Array("123456789".utf8)) == 0xCBF4_3926)
    #expect(CRC32.checksum([]) == 0)
    #expect(CRC32.checksum(Array("The quick brown fox jumps over the lazy dog".utf8)) == 0x414F_A339)
    let whole = TestSupport.randomBytes(1000, seed: 7)
    let split = whole.withUnsafeBufferPointer { buffer in
      CRC32.update(CRC32.update(0, UnsafeBufferPointer(rebasing: buffer[0..<333])), UnsafeBufferPointer(rebasing: buffer[333...]))
    }
    #expect(split == CRC32.checksum(whole))
  }

  @Test("[DATA-6] Adler-32 known values, including a run longer than the 5552-byte reduction block")
  func adler32() {
    #expect(Adler32.checksum(Array("Wikipedia".utf8)) == 0x11E6_0398)
    #expect(Adler32.checksum([]) == 1)
    // 100,000 bytes of 0xFF: a = 1 + 255 * 100000 mod 65521, b = sum of the running a values.
    let n = 100_000
    var a: UInt64 = 1
    var b: UInt64 = 0
    for _ in 0..<n { a = (a + 255) % 65521; b = (b + a) % 65521 }
    #expect(Adler32.checksum([UInt8](repeating: 255, count: n)) == UInt32(b << 16 | a))
  }

  @Test("[DATA-12] SHA-256 NIST FIPS 180-4 example vectors")
  func sha256Vectors() {
    #expect(SHA256.hexDigest(Array("abc".utf8)) == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
    #expect(SHA256.hexDigest([]) == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
    #expect(SHA256.hexDigest(Array("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq".utf8))
      == "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1")
    #expect(SHA256.hexDigest(Array(("abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmn"
      + "hijklmnoijklmnopjklmnopqklmnopqrlmnopqrsmnopqrstnopqrstu").utf8))
      == "cf5b16a778af8380036ce59e7b0492370b249b11e8f07a51afac45037afee9d1")
    #expect(SHA256.hexDigest([UInt8](repeating: UInt8(ascii: "a"), count: 1_000_000))
      == "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0")
  }

  @Test("[DATA-12] SHA-256 at the padding boundaries (55, 56, 63, 64 bytes) matches a second computation")
  func sha256PaddingBoundaries() {
    // Reference digests computed with Python's hashlib for "a" * n.
    let expected = [
      55: "9f4390f8d30c2dd92ec9f095b65e2b9ae9b0a925a5258e241c9f1e910f734318",
      56: "b35439a4ac6f0948b6d6f9e3c6af0f5f590ce20f1bde7090ef7970686ec6738a",
      63: "7d3e74a05d7db15bce4ad9ec0658ea98e3f06eeecf16b4c6fff2da457ddc2f34",
      64: "ffe054fe7ae0cb6dc65c3af9b61d5209f439851db43d0ba5997337df154668eb",
    ]
    for (n, digest) in expected {
      #expect(SHA256.hexDigest([UInt8](repeating: UInt8(ascii: "a"), count: n)) == digest, "n = \(n)")
    }
  }
}
