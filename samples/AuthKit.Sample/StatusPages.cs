using Microsoft.AspNetCore.Diagnostics;

namespace AuthKit.Sample;

/// <summary>Status pages: HTML for browsers (the 403 "access denied" page), problem details for APIs.</summary>
internal static class StatusPages
{
    public static async Task WriteAsync(StatusCodeContext context)
    {
        var http = context.HttpContext;
        if (http.Request.Path.StartsWithSegments("/api"))
        {
            await Results.Problem(statusCode: http.Response.StatusCode).ExecuteAsync(http);
            return;
        }

        var (title, text) = http.Response.StatusCode switch
        {
            StatusCodes.Status403Forbidden => ("Access denied", "Your account may not open this page. It is for administrators."),
            StatusCodes.Status404NotFound => ("Not found", "There is no page here."),
            _ => ("Something went wrong", "Try again in a moment."),
        };
        http.Response.ContentType = "text/html; charset=utf-8";
        await http.Response.WriteAsync($$"""
            <!doctype html>
            <html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
            <title>{{title}} · AuthKit sample</title><link rel="stylesheet" href="/assets/app.css"></head>
            <body><main class="card"><h1 data-status="{{http.Response.StatusCode}}">{{title}}</h1><p>{{text}}</p>
            <p><a href="/dashboard">Back to your dashboard</a></p></main></body></html>
            """);
    }
}
