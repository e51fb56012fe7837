public enum WarrenBusPlaceholder {}
