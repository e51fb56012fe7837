"""The EventBridge API as the AWS CLI and boto3 see it: run against any `warren serve` (or the in-memory test
server) with WARREN_API_ENDPOINT=http://127.0.0.1:PORT and its account in WARREN_API_ACCOUNT.

    WARREN_API_ENDPOINT=http://127.0.0.1:4010 .venv/bin/python -m pytest Tests/api-clients

Each test uses its own uniquely named bus, so the tests share a server with anything else.
"""
import json
import os
import subprocess
import sys
import uuid

import boto3
import pytest
from botocore.config import Config
from botocore.exceptions import ClientError

ENDPOINT = os.environ.get("WARREN_API_ENDPOINT", "http://127.0.0.1:4010")
ACCOUNT = os.environ.get("WARREN_API_ACCOUNT", "123456789012")
REGION = "eu-central-1"
CREDENTIALS = {"AWS_ACCESS_KEY_ID": "testing", "AWS_SECRET_ACCESS_KEY": "testing"}


@pytest.fixture
def events():
    return boto3.client(
        "events", endpoint_url=ENDPOINT, region_name=REGION, aws_access_key_id="testing",
        aws_secret_access_key="testing", config=Config(retries={"max_attempts": 1}))


@pytest.fixture
def bus(events):
    name = f"api-test-{uuid.uuid4().hex[:12]}"
    events.create_event_bus(Name=name)
    yield name
    for rule in events.list_rules(EventBusName=name, Limit=100).get("Rules", []):
        ids = [t["Id"] for t in events.list_targets_by_rule(Rule=rule["Name"], EventBusName=name)["Targets"]]
        if ids:
            events.remove_targets(Rule=rule["Name"], EventBusName=name, Ids=ids)
    events.delete_event_bus(Name=name)


def aws(*arguments):
    """The AWS CLI against the endpoint: (exit status, stdout, stderr)."""
    environment = dict(os.environ, **CREDENTIALS, AWS_DEFAULT_REGION=REGION)
    environment.pop("AWS_PROFILE", None)
    command = [os.path.join(os.path.dirname(sys.executable), "aws"), "--endpoint-url", ENDPOINT, "events", *arguments]
    done = subprocess.run(command, env=environment, capture_output=True, text=True, timeout=60)
    return done.returncode, done.stdout, done.stderr


def error_of(call):
    with pytest.raises(ClientError) as raised:
        call()
    return raised.value.response["Error"]["Code"], raised.value.response["Error"]["Message"]


def test_rule_lifecycle_with_boto3(events, bus):
    arn = events.put_rule(Name="big", EventBusName=bus, EventPattern='{"source": ["shop"]}', Description="d")["RuleArn"]
    assert arn == f"arn:aws:events:{REGION}:{ACCOUNT}:rule/{bus}/big"
    described = events.describe_rule(Name="big", EventBusName=bus)
    assert (described["State"], described["Description"], described["CreatedBy"]) == ("ENABLED", "d", ACCOUNT)
    events.disable_rule(Name="big", EventBusName=bus)
    assert events.describe_rule(Name="big", EventBusName=bus)["State"] == "DISABLED"
    events.enable_rule(Name="big", EventBusName=bus)
    target = {"Id": "t1", "Arn": f"arn:aws:sqs:{REGION}:{ACCOUNT}:q", "RetryPolicy": {"MaximumRetryAttempts": 3}}
    result = events.put_targets(Rule="big", EventBusName=bus, Targets=[target])
    assert (result["FailedEntryCount"], result["FailedEntries"]) == (0, [])
    assert result["ResponseMetadata"]["RequestId"]
    assert events.list_targets_by_rule(Rule="big", EventBusName=bus)["Targets"] == [target]
    assert events.list_rule_names_by_target(TargetArn=target["Arn"], EventBusName=bus)["RuleNames"] == ["big"]
    assert error_of(lambda: events.delete_rule(Name="big", EventBusName=bus)) == (
        "ValidationException", "Rule can't be deleted since it has targets.")
    events.remove_targets(Rule="big", EventBusName=bus, Ids=["t1"])
    events.delete_rule(Name="big", EventBusName=bus)
    assert error_of(lambda: events.describe_rule(Name="big", EventBusName=bus)) == (
        "ResourceNotFoundException", f"Rule big does not exist on EventBus {bus}.")


def test_errors_with_boto3(events, bus):
    assert error_of(lambda: events.delete_event_bus(Name="default")) == (
        "ValidationException", "Cannot delete event bus default.")
    assert error_of(lambda: events.create_event_bus(Name=bus)) == (
        "ResourceAlreadyExistsException", f"Event bus {bus} already exists.")
    assert error_of(lambda: events.put_rule(Name="r", EventBusName=bus, EventPattern='{"a": [{"prefix": 1}]}')) == (
        "InvalidEventPatternException", "Event pattern is not valid. Reason: prefix match pattern must be a string")
    events.put_rule(Name="r", EventBusName=bus, EventPattern='{"source": ["a"]}')
    targets = [{"Id": f"t{i}", "Arn": f"arn:aws:sqs:{REGION}:{ACCOUNT}:q{i}"} for i in range(6)]
    assert error_of(lambda: events.put_targets(Rule="r", EventBusName=bus, Targets=targets)) == (
        "LimitExceededException", "The requested resource exceeds the maximum number allowed.")
    assert error_of(lambda: events.put_targets(
        Rule="r", EventBusName=bus, Targets=[{"Id": "x", "Arn": "arn:x", "Input": "{}", "InputPath": "$.detail"}])) == (
        "ValidationException", "Only one of Input, InputPath, or InputTransformer must be provided for target x.")


def test_put_events_with_boto3(events, bus):
    result = events.put_events(Entries=[
        {"Source": "shop", "DetailType": "placed", "Detail": '{"n": 1}', "EventBusName": bus},
        {"Source": "shop", "DetailType": "placed", "Detail": "not json", "EventBusName": bus},
    ])
    assert result["FailedEntryCount"] == 1
    assert "EventId" in result["Entries"][0]
    assert result["Entries"][1] == {"ErrorCode": "MalformedDetail", "ErrorMessage": "Detail is malformed."}


def test_pagination_over_250_rules(events, bus):
    for index in range(250):
        events.put_rule(Name=f"rule-{index:03}", EventBusName=bus, EventPattern='{"source": ["a"]}')
    pages = list(events.get_paginator("list_rules").paginate(
        EventBusName=bus, NamePrefix="rule-", PaginationConfig={"PageSize": 100}))
    assert [len(page["Rules"]) for page in pages] == [100, 100, 50]
    assert [rule["Name"] for page in pages for rule in page["Rules"]] == [f"rule-{i:03}" for i in range(250)]
    for index in range(250):
        events.delete_rule(Name=f"rule-{index:03}", EventBusName=bus)


def test_tags_with_boto3(events, bus):
    arn = events.put_rule(Name="r", EventBusName=bus, EventPattern='{"source": ["a"]}',
                          Tags=[{"Key": "team", "Value": "a"}])["RuleArn"]
    events.tag_resource(ResourceARN=arn, Tags=[{"Key": "env", "Value": "dev"}])
    events.untag_resource(ResourceARN=arn, TagKeys=["team"])
    assert events.list_tags_for_resource(ResourceARN=arn)["Tags"] == [{"Key": "env", "Value": "dev"}]


def test_the_aws_cli(bus):
    status, out, err = aws("put-rule", "--name", "cli", "--event-bus-name", bus,
                           "--event-pattern", '{"source": ["shop"]}')
    assert status == 0, err
    assert json.loads(out)["RuleArn"] == f"arn:aws:events:{REGION}:{ACCOUNT}:rule/{bus}/cli"
    status, out, err = aws("list-rules", "--event-bus-name", bus)
    assert status == 0, err
    assert [rule["Name"] for rule in json.loads(out)["Rules"]] == ["cli"]
    status, out, err = aws("describe-rule", "--name", "nope", "--event-bus-name", bus)
    assert status == 255  # AWS CLI v1: a service error
    assert err.strip() == (f"An error occurred (ResourceNotFoundException) when calling the DescribeRule operation: "
                           f"Rule nope does not exist on EventBus {bus}.")
    status, out, err = aws("test-event-pattern", "--event-pattern", '{"source": ["shop"]}', "--event",
                           '{"id": "1", "account": "1", "source": "shop", "time": "t", "region": "r", "detail-type": "d"}')
    assert (status, json.loads(out)) == (0, {"Result": True})
    status, out, err = aws("delete-rule", "--name", "cli", "--event-bus-name", bus)
    assert status == 0, err


def test_unsigned_requests_are_served():
    import urllib.request
    request = urllib.request.Request(ENDPOINT + "/", data=b"{}", method="POST", headers={
        "X-Amz-Target": "AWSEvents.DescribeEventBus", "Content-Type": "application/x-amz-json-1.1"})
    with urllib.request.urlopen(request, timeout=10) as response:
        body = json.loads(response.read())
    assert body["Arn"] == f"arn:aws:events:us-east-1:{ACCOUNT}:event-bus/default"
