namespace AuthKit.Tests.TestSupport;

/// <summary>
/// Tests that compare wall-clock times run in this collection: xunit runs it on its own, after the parallel
/// collections, so other tests' hashing does not skew the measurement.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class TimingCollection
{
    public const string Name = "Timing";
}
