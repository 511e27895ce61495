/// The JSON value, reader and writer live in the lower module Formats (so that Networks can read
/// safetensors headers); Evaluation re-exports it, so `import Evaluation` keeps giving `JSONValue`.
@_exported import Formats
