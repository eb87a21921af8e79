using NUnit.Framework;

// Cases run in parallel; each case gets its own fixture instance, so per-case state (the case
// directory, the harnesses it started) lives in instance fields and is never shared.
[assembly: Parallelizable(ParallelScope.Children)]
[assembly: FixtureLifeCycle(LifeCycle.InstancePerTestCase)]
