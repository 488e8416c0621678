using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Routing.Template;

namespace AuthKit.Authorization;

/// <summary>
/// A route policy's pattern, parsed by the framework's <see cref="TemplateParser"/> and matched the way its
/// <see cref="TemplateMatcher"/> matches (literals without case, a parameter per segment, optional and catch-all
/// parameters) but without allocating: the route policies run on every request, and the framework's matcher needs a
/// new <see cref="RouteValueDictionary"/> each time. Segments that mix literals and parameters (<c>{name}.{ext}</c>)
/// are rare in policies; patterns holding one are matched by <see cref="TemplateMatcher"/> itself.
/// </summary>
internal sealed class RoutePattern
{
    private readonly Segment[]? _segments;
    private readonly TemplateMatcher? _fallback;

    public RoutePattern(string pattern)
    {
        var template = TemplateParser.Parse(pattern);
        if (template.Segments.Any(static s => !s.IsSimple))
        {
            _fallback = new TemplateMatcher(template, new RouteValueDictionary());
            return;
        }

        _segments = template.Segments.Select(static s => s.Parts[0] switch
        {
            { IsLiteral: true } literal => new Segment(SegmentKind.Literal, literal.Text),
            { IsCatchAll: true } => new Segment(SegmentKind.CatchAll, null),
            { IsOptional: true } => new Segment(SegmentKind.Optional, null),
            _ => new Segment(SegmentKind.Parameter, null),
        }).ToArray();
    }

    public bool Matches(PathString path)
    {
        if (_fallback is not null)
        {
            return _fallback.TryMatch(path, new RouteValueDictionary());
        }

        // The path's segments, read one at a time: "/a/b/" is a, b (a trailing slash ends the last segment).
        var rest = path.Value.AsSpan();
        if (rest.StartsWith('/'))
        {
            rest = rest[1..];
        }

        foreach (var segment in _segments!)
        {
            if (segment.Kind == SegmentKind.CatchAll)
            {
                // Like the framework's matcher: the rest may be empty, but may not hold an empty segment ("//").
                return !rest.StartsWith('/') && !rest.Contains("//", StringComparison.Ordinal);
            }

            if (rest.IsEmpty)
            {
                // Out of path: only optional parameters (and a catch-all) may be left.
                if (segment.Kind != SegmentKind.Optional)
                {
                    return false;
                }

                continue;
            }

            var end = rest.IndexOf('/');
            var text = end < 0 ? rest : rest[..end];
            rest = end < 0 ? [] : rest[(end + 1)..];
            var matched = !text.IsEmpty && (segment.Kind != SegmentKind.Literal || text.Equals(segment.Literal, StringComparison.OrdinalIgnoreCase));
            if (!matched)
            {
                return false;
            }
        }

        return rest.IsEmpty;
    }

    private enum SegmentKind
    {
        Literal,
        Parameter,
        Optional,
        CatchAll,
    }

    private readonly record struct Segment(SegmentKind Kind, string? Literal);
}
