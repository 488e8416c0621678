namespace AuthKit.Mapping;

/// <summary>Creates and applies <see cref="IDtoMapper{TEntity, TDto}"/>s.</summary>
public static class DtoMapper
{
    /// <summary>Creates a mapper from a function, for example
    /// <c>DtoMapper.Create&lt;User, UserDto&gt;((u, v) =&gt; new(u.Id, u.Name, Viewer.Reveal(u.Phone, v.OwnsOrIsInRole(u.Id, "admin"))))</c>.</summary>
    /// <typeparam name="TEntity">The entity.</typeparam>
    /// <typeparam name="TDto">The DTO.</typeparam>
    /// <param name="map">The mapping.</param>
    /// <returns>The mapper.</returns>
    public static IDtoMapper<TEntity, TDto> Create<TEntity, TDto>(Func<TEntity, Viewer, TDto> map)
    {
        ArgumentNullException.ThrowIfNull(map);
        return new FunctionMapper<TEntity, TDto>(map);
    }

    /// <summary>Maps every entity for the viewer.</summary>
    /// <typeparam name="TEntity">The entity.</typeparam>
    /// <typeparam name="TDto">The DTO.</typeparam>
    /// <param name="mapper">The mapper.</param>
    /// <param name="entities">The entities.</param>
    /// <param name="viewer">Who is looking.</param>
    /// <returns>The DTOs, in order.</returns>
    public static IReadOnlyList<TDto> MapAll<TEntity, TDto>(this IDtoMapper<TEntity, TDto> mapper, IEnumerable<TEntity> entities, Viewer viewer)
    {
        ArgumentNullException.ThrowIfNull(mapper);
        ArgumentNullException.ThrowIfNull(entities);
        return entities.Select(e => mapper.Map(e, viewer)).ToList();
    }

    private sealed class FunctionMapper<TEntity, TDto>(Func<TEntity, Viewer, TDto> map) : IDtoMapper<TEntity, TDto>
    {
        public TDto Map(TEntity entity, Viewer viewer) => map(entity, viewer);
    }
}
