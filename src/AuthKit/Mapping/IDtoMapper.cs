namespace AuthKit.Mapping;

/// <summary>Maps an entity to the DTO a given viewer may see: plain code, no reflection, field rules inline.</summary>
/// <typeparam name="TEntity">The entity.</typeparam>
/// <typeparam name="TDto">The DTO.</typeparam>
public interface IDtoMapper<in TEntity, out TDto>
{
    /// <summary>Maps one entity for one viewer.</summary>
    /// <param name="entity">The entity.</param>
    /// <param name="viewer">Who is looking.</param>
    /// <returns>The DTO with only the fields the viewer may see.</returns>
    TDto Map(TEntity entity, Viewer viewer);
}
