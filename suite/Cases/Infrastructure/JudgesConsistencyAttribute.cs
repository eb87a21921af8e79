namespace OsConformance.Suite.Infrastructure;

/// <summary>
/// Marks a case method that judges two values of the same harness against each other on purpose
/// (fork's return against the child's getpid, say): its subject is their consistency, which no
/// oracle outside the implementation could judge. Every other comparison of two harness values is
/// refused by suite/Tests/Oracles/OracleIndependenceTests (docs/selftest.md, "No oracle trusts the implementation").
/// </summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false, Inherited = false)]
public sealed class JudgesConsistencyAttribute(string why) : Attribute
{
    public string Why { get; } = why;
}
