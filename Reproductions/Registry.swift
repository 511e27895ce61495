import AbsMahalanobis
import EBEDNN
import Evaluation
import NNkNN

/// Every table the runner knows, gathered from the method modules that own them (REPRO-1).
/// Adding a method's tables means adding its list here; the runner itself does not change.
enum Registry {
  static var tables: [ReproductionTable] {
    NNkNNTables.all + AbsMahalanobisTables.all + EBEDNNTables.all
  }
}
