import AbsMahalanobis
import DkNN
import EBEDNN
import Evaluation
import NNkNN

/// Every function the oracle knows, gathered from the modules that own them (ORACLE-1).
enum OracleRegistry {
  static var functions: [OracleFunction] {
    FoundationFunctions.all + FoundationFunctions.linearAlgebra + EvaluationFunctions.all + DatasetFunctions.all
      + TorchFunctions.all + DeepNetworkFunctions.all + TextNetworkFunctions.all + NeighborFunctions.all + NNkNNOracleFunctions.all
      + AbsMahalanobisFunctions.all + EBEOracleFunctions.all + DkNNOracleFunctions.all
  }
}
