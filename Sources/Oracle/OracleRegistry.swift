import AbsMahalanobis
import DkNN
import EBEDNN
import Evaluation
import NNkNN

/// Every function the oracle knows, gathered from the modules that own them (ORACLE-1). Where a
/// function claims to match PyTorch, numpy or scikit-learn, the claim rests on goldens those
/// libraries wrote (ORACLE-70).
enum OracleRegistry {
  static var functions: [OracleFunction] {
    FoundationFunctions.all + FoundationFunctions.linearAlgebra + EvaluationFunctions.all + DatasetFunctions.all
      + TorchFunctions.all + DeepNetworkFunctions.all + [ForwardFunction.function] + TextNetworkFunctions.all
      + OptimizerFunctions.all + NeighborFunctions.all
      + NNkNNOracleFunctions.all + AbsMahalanobisFunctions.all + EBEOracleFunctions.all + DkNNOracleFunctions.all
  }
}
