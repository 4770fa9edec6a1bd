package dev.calor.app.api;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/** The human documentation page: Swagger UI (served from its WebJar) over the generated document. */
final class DocsPage {

    private static final String VERSION = swaggerUiVersion();

    private DocsPage() {}

    static String html(String documentUrl) {
        String base = "/webjars/swagger-ui/" + VERSION;
        return """
                <!doctype html>
                <html lang="en"><head><meta charset="utf-8">
                <meta name="viewport" content="width=device-width, initial-scale=1">
                <title>Calor care-app API</title>
                <link rel="stylesheet" href="%s/swagger-ui.css"></head>
                <body><div id="api"></div>
                <script src="%s/swagger-ui-bundle.js"></script>
                <script>SwaggerUIBundle({url: "%s", dom_id: "#api"});</script>
                </body></html>
                """
                .formatted(base, base, documentUrl);
    }

    private static String swaggerUiVersion() {
        try (InputStream in =
                DocsPage.class.getResourceAsStream("/META-INF/maven/org.webjars/swagger-ui/pom.properties")) {
            Properties p = new Properties();
            if (in != null) {
                p.load(in);
            }
            return p.getProperty("version", "unknown");
        } catch (IOException e) {
            return "unknown";
        }
    }
}
