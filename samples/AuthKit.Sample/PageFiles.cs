namespace AuthKit.Sample;

/// <summary>
/// Serves the sample's HTML pages (plain HTML, no build step) from Pages/, outside wwwroot: a page is reached only
/// through its route, which the route policies guard, never as a static file by its file name.
/// </summary>
internal sealed class PageFiles(IWebHostEnvironment environment)
{
    public IResult Serve(string name)
    {
        var file = environment.ContentRootFileProvider.GetFileInfo($"Pages/{name}.html");
        return file.Exists && file.PhysicalPath is not null
            ? Results.File(file.PhysicalPath, "text/html; charset=utf-8")
            : Results.NotFound();
    }
}
