namespace AuthKit.Sample;

/// <summary>Serves the sample's HTML pages from wwwroot/pages (plain HTML, no build step).</summary>
internal sealed class PageFiles(IWebHostEnvironment environment)
{
    public IResult Serve(string name)
    {
        var file = environment.WebRootFileProvider.GetFileInfo($"pages/{name}.html");
        return file.Exists && file.PhysicalPath is not null
            ? Results.File(file.PhysicalPath, "text/html; charset=utf-8")
            : Results.NotFound();
    }
}
