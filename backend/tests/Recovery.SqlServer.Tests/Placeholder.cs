namespace Recovery.SqlServer.Tests; internal static class Placeholder {}
