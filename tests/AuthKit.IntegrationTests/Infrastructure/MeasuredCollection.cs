namespace AuthKit.IntegrationTests.Infrastructure;

/// <summary>
/// Tests that measure time or allocations of the whole process run in this collection: xunit runs it on its own,
/// after the parallel collections, so other tests do not disturb the measurement.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class MeasuredCollection
{
    public const string Name = "Measured";
}
