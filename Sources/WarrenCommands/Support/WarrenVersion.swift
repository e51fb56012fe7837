/// Warren's version, shown by `--version` of every executable.
public enum WarrenVersion {
    public static let current = "0.9.0-dev"
}
