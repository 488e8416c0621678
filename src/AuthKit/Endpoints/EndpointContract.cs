using AuthKit.Http;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace AuthKit.Endpoints;

/// <summary>
/// What each AuthKit endpoint reads and answers, as endpoint metadata: the body it accepts, its results and its problem
/// answers. API descriptions (<c>Microsoft.AspNetCore.OpenApi</c>, ApiExplorer) describe the endpoints from it, so a
/// front end can generate a typed client.
/// </summary>
internal static class EndpointContract
{
    public const string Tag = "AuthKit";
    private const string Json = "application/json";

    /// <summary>A JSON body of <typeparamref name="T"/>: refused as a field-keyed 400, or 413/415.</summary>
    public static RouteHandlerBuilder Reads<T>(this RouteHandlerBuilder builder)
        where T : notnull
        => builder.Accepts<T>(Json)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType);

    /// <summary>A JSON answer of <typeparamref name="T"/>.</summary>
    public static RouteHandlerBuilder Answers<T>(this RouteHandlerBuilder builder, int status = StatusCodes.Status200OK)
        => builder.Produces<T>(status, Json);

    /// <summary>An answer without a body (204, or 302 for a navigation).</summary>
    public static RouteHandlerBuilder AnswersEmpty(this RouteHandlerBuilder builder, int status = StatusCodes.Status204NoContent)
        => builder.Produces(status);

    /// <summary>Problem answers with these statuses.</summary>
    public static RouteHandlerBuilder Refuses(this RouteHandlerBuilder builder, params int[] statuses)
    {
        foreach (var status in statuses)
        {
            builder.ProducesProblem(status);
        }

        return builder;
    }

    /// <summary>Rate limited per client: 429.</summary>
    public static RouteHandlerBuilder Limited(this RouteHandlerBuilder builder)
        => builder.RequireRateLimiting(AuthKitRateLimiterPolicy.Name).ProducesProblem(StatusCodes.Status429TooManyRequests);

    /// <summary>A one-line summary for the API description.</summary>
    public static RouteHandlerBuilder Describe(this RouteHandlerBuilder builder, string summary)
        => builder.WithSummary(summary).WithTags(Tag);
}

/// <summary>Marks the password sign-in, whose 200 is a session or "second factor required".</summary>
internal sealed class SignInAnswers
{
    public static readonly SignInAnswers Instance = new();
}
