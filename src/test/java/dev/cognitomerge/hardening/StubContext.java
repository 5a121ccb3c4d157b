package dev.cognitomerge.hardening;

import com.amazonaws.services.lambda.runtime.ClientContext;
import com.amazonaws.services.lambda.runtime.CognitoIdentity;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.LambdaLogger;
import java.time.Duration;
import java.util.UUID;

/** A Lambda context for calling the handler directly; only the remaining time matters to it. */
public final class StubContext implements Context {

    private final long deadlineMillis;
    private final String requestId = UUID.randomUUID().toString();

    public StubContext(Duration remaining) {
        this.deadlineMillis = System.currentTimeMillis() + remaining.toMillis();
    }

    @Override
    public int getRemainingTimeInMillis() {
        return (int) (deadlineMillis - System.currentTimeMillis());
    }

    @Override
    public String getAwsRequestId() {
        return requestId;
    }

    @Override
    public String getLogGroupName() {
        return "/aws/lambda/merge";
    }

    @Override
    public String getLogStreamName() {
        return "test";
    }

    @Override
    public String getFunctionName() {
        return "merge";
    }

    @Override
    public String getFunctionVersion() {
        return "$LATEST";
    }

    @Override
    public String getInvokedFunctionArn() {
        return "arn:aws:lambda:us-east-1:000000000000:function:merge";
    }

    @Override
    public CognitoIdentity getIdentity() {
        return null;
    }

    @Override
    public ClientContext getClientContext() {
        return null;
    }

    @Override
    public int getMemoryLimitInMB() {
        return 512;
    }

    @Override
    public LambdaLogger getLogger() {
        return null;
    }
}
