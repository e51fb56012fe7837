public enum WarrenRulesPlaceholder {}
