namespace OsConformance.Suite.Oracles;

/// <summary>
/// The platform's values of the module's constants: native/constants.c compiled against the
/// platform's own headers on the machine under test.
/// </summary>
public static class ConstantOracle
{
    public static bool Available => NativeOracle.Available;

    public static IReadOnlyDictionary<string, int> Values => NativeOracle.Constants();
}
