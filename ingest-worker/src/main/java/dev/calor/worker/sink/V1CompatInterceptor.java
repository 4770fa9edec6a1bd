package dev.calor.worker.sink;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import okhttp3.HttpUrl;
import okhttp3.Interceptor;
import okhttp3.Request;
import okhttp3.Response;

/**
 * Lets the v2 write path of influxdb-client-java talk to any InfluxDB 1.x (1.6 has no /api/v2/write):
 * maps {@code /api/v2/write?bucket=db/rp&precision=ns} to {@code /write?db=db&rp=rp&precision=n}, and a
 * {@code Token user:password} header to HTTP basic authentication, which every 1.x understands.
 */
final class V1CompatInterceptor implements Interceptor {

    @Override
    public Response intercept(Chain chain) throws IOException {
        Request request = chain.request();
        HttpUrl url = request.url();
        Request.Builder next = request.newBuilder();
        String auth = request.header("Authorization");
        if (auth != null && auth.startsWith("Token ")) {
            String userPassword = auth.substring("Token ".length());
            next.header(
                    "Authorization",
                    userPassword.contains(":")
                            ? "Basic "
                                    + Base64.getEncoder().encodeToString(userPassword.getBytes(StandardCharsets.UTF_8))
                            : auth);
        }
        if (url.encodedPath().endsWith("/api/v2/write")) {
            String bucket = url.queryParameter("bucket");
            String db = bucket;
            String rp = null;
            int slash = bucket == null ? -1 : bucket.indexOf('/');
            if (slash >= 0) {
                db = bucket.substring(0, slash);
                rp = bucket.substring(slash + 1);
            }
            HttpUrl.Builder u = url.newBuilder()
                    .encodedPath(url.encodedPath().replace("/api/v2/write", "/write"))
                    .removeAllQueryParameters("bucket")
                    .removeAllQueryParameters("org")
                    .removeAllQueryParameters("precision")
                    .addQueryParameter("db", db)
                    .addQueryParameter("precision", "n");
            if (rp != null && !rp.isEmpty()) {
                u.addQueryParameter("rp", rp);
            }
            next.url(u.build());
        }
        return chain.proceed(next.build());
    }
}
