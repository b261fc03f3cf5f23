// Never built: Cargo.toml only pins the tree-sitter crate whose C sources erlint compiles.
