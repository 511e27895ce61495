/// Conformance vectors of the generators (VEC-16): numpy's MT19937 and PyTorch's CPU generator,
/// bit for bit.
enum RandomVectors {
  static let mt19937 = VectorGroup("random.mt19937", tolerance: .exact("raw", "uniform"), [
    VectorCase("seed 42, numpy's RandomState(42)", #"{"seed":42,"count":5}"#),
    VectorCase("seed 0", #"{"seed":0,"count":3}"#),
    VectorCase("the largest seed, 2^32 - 1", flags: ["boundarySize"], #"{"seed":4294967295,"count":3}"#),
    VectorCase("a seed of 2^32 is refused", flags: ["boundarySize"], #"{"seed":4294967296,"count":3}"#, error: "badArgument"),
  ])

  static let torch = VectorGroup("random.torch", tolerance: .exact("values"), [
    VectorCase("torch.rand(3, dtype=float64) after manual_seed(3)", #"{"seed":3,"draw":"rand","count":3,"dtype":"float64"}"#),
    VectorCase("torch.randn(17) in float32: the vectorised path for 16, then a scalar", #"{"seed":3,"draw":"randn","count":17}"#),
      VectorCase(
        "randn(16) as the default (non-AVX) build computes it", flags: ["variantDifference"],
        #"{"seed":3,"draw":"randn","count":16,"capability":"default"}"#),
    VectorCase("randint(0, 10, (5,))", #"{"seed":3,"draw":"randint","count":5,"high":10}"#),
    VectorCase("randperm(7)", #"{"seed":7,"draw":"randperm","count":7}"#),
    VectorCase("bernoulli_(0.3)", #"{"seed":1,"draw":"bernoulli","count":8,"p":0.3}"#),
    VectorCase("normal_(2, 0.5) in float64", #"{"seed":0,"draw":"normal","count":4,"mean":2,"std":0.5,"dtype":"float64"}"#),
    VectorCase("uniform_(-0.7, 0.9)", #"{"seed":3,"draw":"uniform","count":2,"from":-0.7,"to":0.9}"#),
      VectorCase(
        "uniform_ with from > to is refused", #"{"seed":3,"draw":"uniform","count":2,"from":1,"to":0}"#, error: "badArgument")
  ])

  static let family = VectorFamily(
    name: "random",
    algorithm: "numpy's legacy MT19937 (raw words and random_sample) and PyTorch's CPU generator after manual_seed, bit for bit",
    spec: ["RAND-4", "RAND-6", "RAND-30", "ORACLE-10"], groups: [mt19937, torch])
}
