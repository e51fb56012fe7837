public enum EventPatternsPlaceholder {}
