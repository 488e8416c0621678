using System.Diagnostics.CodeAnalysis;

namespace AuthKit.EntityFrameworkCore;

/// <summary>What EF Core reflects over on an entity class (as its own <c>Entity&lt;TEntity&gt;()</c> declares), so trimming keeps it.</summary>
internal static class EntityMembers
{
    public const DynamicallyAccessedMemberTypes Required =
        DynamicallyAccessedMemberTypes.PublicConstructors | DynamicallyAccessedMemberTypes.NonPublicConstructors
        | DynamicallyAccessedMemberTypes.PublicFields | DynamicallyAccessedMemberTypes.NonPublicFields
        | DynamicallyAccessedMemberTypes.PublicProperties | DynamicallyAccessedMemberTypes.NonPublicProperties
        | DynamicallyAccessedMemberTypes.Interfaces;

    /// <summary>What <c>IDbContextFactory&lt;TContext&gt;</c> needs of the context class.</summary>
    public const DynamicallyAccessedMemberTypes Context =
        DynamicallyAccessedMemberTypes.PublicConstructors | DynamicallyAccessedMemberTypes.NonPublicConstructors
        | DynamicallyAccessedMemberTypes.PublicProperties;
}
