"""Demo activities for the demo math framework: a practice set for each of thirteen standards (five or six
items each, mixing item types, with feedback and hints), a reading and a discussion lesson, a performance
task and a project scored with a shared four-level rubric.

Everything is created through the services (so the content passes the same checks as a teacher's), and
loading twice creates nothing new: activities and rubrics are found by title, items by their QTI identifier.
Content is data, in English, like the demo frameworks; it is not marked for translation.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db import transaction

from trellis.apps.frameworks.models import Competency, Framework

from . import services
from .models import Activity, Item, Rubric

RUBRIC_TITLE = "Proportional reasoning in the real world"
QTI_PREFIX = "trellis-demo"


def _choices(*texts: str) -> list[dict[str, str]]:
    return [{"id": "abcdefghij"[n], "text": text} for n, text in enumerate(texts)]


def _n(value: Any, tolerance: float = 0, *, percent: bool = False) -> dict[str, Any]:
    key: dict[str, Any] = {"value": value, "tolerance": tolerance}
    if percent:
        key["percent"] = True
    return key


# (human code, title, description, interests, minutes, items); an item is a dict of add_item's arguments.
PRACTICE: list[tuple[str, str, str, list[str], int, list[dict[str, Any]]]] = [
    (
        "5.NF.B.3",
        "Fair shares: fractions as division",
        "Share pizzas, rope and water fairly, and see why a/b is the same as a ÷ b.",
        ["cooking", "sports"],
        15,
        [
            {
                "interaction": "choice",
                "prompt": "3 friends share 2 pizzas equally. How much pizza does each friend get?",
                "choices": _choices("2/3 of a pizza", "3/2 pizzas", "1/3 of a pizza", "1/2 of a pizza"),
                "correct": ["a"],
                "feedback_correct": "Yes: 2 pizzas ÷ 3 friends = 2/3 of a pizza each.",
                "feedback_incorrect": "Think of it as 2 ÷ 3: the pizzas are divided among the friends.",
                "choice_feedback": {
                    "b": "3/2 would be 3 pizzas shared by 2 friends. Here 2 pizzas are shared by 3.",
                    "c": "Each friend gets 1/3 of *each* pizza, and there are 2 pizzas.",
                    "d": "Half a pizza each would need 1 1/2 pizzas for 3 friends, not 2.",
                },
                "hints": [
                    "Sharing 2 pizzas among 3 friends means 2 ÷ 3.",
                    "A division a ÷ b can be written as the fraction a/b.",
                ],
            },
            {
                "interaction": "numeric_entry",
                "prompt": "A 7-meter rope is cut into 4 equal pieces. How many meters long is each piece? "
                "(Answer as a fraction, a mixed number or a decimal.)",
                "correct": _n("7/4"),
                "feedback_correct": "Right: 7 ÷ 4 = 7/4 = 1 3/4 = 1.75 meters.",
                "feedback_incorrect": "Each piece is 7 ÷ 4 meters long.",
                "hints": ["Each piece is 7 ÷ 4 meters.", "7 ÷ 4 is the fraction 7/4, or 1 and 3/4."],
            },
            {
                "interaction": "text_entry",
                "prompt": "Complete the sentence with a number: the fraction 3/5 means 3 divided by ___.",
                "correct": ["5", "five"],
                "feedback_correct": "Yes: 3/5 = 3 ÷ 5.",
                "feedback_incorrect": "The numerator is divided by the denominator.",
                "hints": ["In a/b, a is divided by b."],
            },
            {
                "interaction": "choice",
                "prompt": "Which division has the same value as 5/6?",
                "choices": _choices("5 ÷ 6", "6 ÷ 5", "5 × 6", "6 − 5"),
                "correct": ["a"],
                "feedback_correct": "Yes: the numerator divided by the denominator.",
                "feedback_incorrect": "A fraction a/b is a ÷ b.",
                "choice_feedback": {"b": "6 ÷ 5 is 6/5, which is more than 1. 5/6 is less than 1."},
                "hints": ["Which number is on top of the fraction bar?"],
            },
            {
                "interaction": "numeric_entry",
                "prompt": "A team of 6 runners shares 9 liters of water equally. How many liters does each "
                "runner get?",
                "correct": _n(1.5),
                "feedback_correct": "Right: 9 ÷ 6 = 9/6 = 1 1/2 liters each.",
                "feedback_incorrect": "Divide the water by the number of runners: 9 ÷ 6.",
                "hints": ["Write 9 ÷ 6 as a fraction.", "9/6 simplifies to 3/2."],
            },
        ],
    ),
    (
        "5.NF.B.4",
        "Multiplying with fractions in the kitchen and the studio",
        "Scale recipes and canvases by multiplying whole numbers and fractions by fractions.",
        ["cooking", "art"],
        20,
        [
            {
                "interaction": "numeric_entry",
                "prompt": "What is 2/3 × 6?",
                "correct": _n(4),
                "feedback_correct": "Yes: 2/3 of 6 is 4 (one third of 6 is 2, so two thirds is 4).",
                "feedback_incorrect": "Find 1/3 of 6 first, then take two of those.",
                "hints": ["1/3 of 6 is 2.", "2/3 of 6 is two times 1/3 of 6."],
            },
            {
                "interaction": "numeric_entry",
                "prompt": "What is 3/4 × 2/5? (A fraction or a decimal is fine.)",
                "correct": _n("3/10"),
                "feedback_correct": "Right: 3/4 × 2/5 = 6/20 = 3/10.",
                "feedback_incorrect": "Multiply the numerators and multiply the denominators.",
                "hints": ["Numerators: 3 × 2. Denominators: 4 × 5.", "6/20 can be simplified."],
            },
            {
                "interaction": "choice",
                "prompt": "A recipe uses 3/4 cup of flour. You make half of the recipe. How much flour do "
                "you need?",
                "choices": _choices("3/8 cup", "1 1/4 cups", "1 1/2 cups", "1/4 cup"),
                "correct": ["a"],
                "feedback_correct": "Yes: 1/2 × 3/4 = 3/8 cup.",
                "feedback_incorrect": "Half of the recipe means 1/2 × 3/4.",
                "choice_feedback": {
                    "b": "That adds 3/4 and 1/2. Half a recipe needs less flour, not more.",
                    "c": "That is 3/4 ÷ 1/2, enough for a double recipe.",
                    "d": "That subtracts 1/2 from 3/4. Take half of 3/4 instead.",
                },
                "hints": ["Half of something is 1/2 times it."],
            },
            {
                "interaction": "multiple_choice",
                "prompt": "Which products are less than 5? Choose all that apply.",
                "choices": _choices("5 × 3/4", "5 × 7/7", "5 × 1/10", "5 × 4/3"),
                "correct": ["a", "c"],
                "feedback_correct": "Yes: multiplying by a fraction less than 1 makes 5 smaller.",
                "feedback_incorrect": "Compare each fraction with 1.",
                "choice_feedback": {
                    "b": "7/7 is exactly 1, so 5 × 7/7 is 5, not less than 5.",
                    "d": "4/3 is more than 1, so 5 × 4/3 is more than 5.",
                },
                "hints": [
                    "Multiplying by a number less than 1 makes a number smaller.",
                    "Which of the fractions are less than 1?",
                ],
            },
            {
                "interaction": "numeric_entry",
                "prompt": "A canvas is 3/4 meter wide and 2/3 meter tall. What is its area in square meters?",
                "correct": _n("1/2"),
                "feedback_correct": "Right: 3/4 × 2/3 = 6/12 = 1/2 square meter.",
                "feedback_incorrect": "Area is width × height: 3/4 × 2/3.",
                "hints": ["Multiply 3/4 by 2/3.", "6/12 simplifies."],
            },
        ],
    ),
    (
        "6.RP.A.1",
        "Ratios in the band room and at the shelter",
        'Describe relationships between quantities with ratio language: "for every", "to", ":".',
        ["music", "animals"],
        15,
        [
            {
                "interaction": "choice",
                "prompt": "A band has 4 guitars and 6 drums. What is the ratio of guitars to drums?",
                "choices": _choices("4:6", "6:4", "4:10", "6:10"),
                "correct": ["a"],
                "feedback_correct": "Yes: guitars first, then drums, 4:6 (which is also 2:3).",
                "feedback_incorrect": "Write the quantities in the order the question names them.",
                "choice_feedback": {
                    "b": "Order matters: 6:4 is drums to guitars.",
                    "c": "4:10 compares the guitars with all the instruments.",
                    "d": "6:10 compares the drums with all the instruments.",
                },
                "hints": ['"Guitars to drums" means guitars first.'],
            },
            {
                "interaction": "numeric_entry",
                "prompt": "A shelter has 12 cats and 8 dogs. For every 3 cats, how many dogs are there?",
                "correct": _n(2),
                "feedback_correct": "Right: 12:8 is the same ratio as 3:2.",
                "feedback_incorrect": "Divide both numbers by the same amount so cats becomes 3.",
                "hints": ["12 ÷ 4 = 3. Divide the dogs by 4 too."],
            },
            {
                "interaction": "text_entry",
                "prompt": "A playlist has 5 pop songs and 3 rap songs. Write the ratio of rap songs to all "
                "songs, like 2:7.",
                "correct": ["3:8", "3 to 8", "3/8"],
                "feedback_correct": "Yes: 3 rap songs out of 8 songs, 3:8.",
                "feedback_incorrect": "First find how many songs there are in all.",
                "hints": ["All songs: 5 + 3.", "Rap songs come first in the ratio."],
            },
            {
                "interaction": "multiple_choice",
                "prompt": "A farm has 10 chickens and 15 goats. Which statements are true? Choose all that "
                "apply.",
                "choices": _choices(
                    "The ratio of chickens to goats is 2:3.",
                    "For every 2 goats, there are 3 chickens.",
                    "There are 2 chickens for every 3 goats.",
                    "The ratio of goats to all the animals is 15:10.",
                ),
                "correct": ["a", "c"],
                "feedback_correct": "Yes: 10:15 is 2:3, said two ways.",
                "feedback_incorrect": "Simplify 10:15 first, then check which animal comes first.",
                "choice_feedback": {
                    "b": "This swaps the animals: there are more goats than chickens.",
                    "d": "15:10 is goats to chickens. Goats to all the animals is 15:25, or 3:5.",
                },
                "hints": ["10:15 simplifies to 2:3.", "Check the order of the animals in each sentence."],
            },
            {
                "interaction": "text_entry",
                "prompt": "A zoo has 3 zebras for every 1 giraffe. Complete the sentence with a number: "
                "there is 1 giraffe for every ___ zebras.",
                "correct": ["3", "three"],
                "feedback_correct": "Right: 3 zebras for every giraffe is 1 giraffe for every 3 zebras.",
                "feedback_incorrect": "The same ratio read the other way round: 3:1 is 1:3 backwards.",
                "hints": ["The ratio of giraffes to zebras is 1:3."],
            },
        ],
    ),
    (
        "6.RP.A.2",
        "How fast? Unit rates in sports and games",
        "Find unit rates (per 1) for runners, trading cards and game points, and compare speeds.",
        ["sports", "games"],
        15,
        [
            {
                "interaction": "numeric_entry",
                "prompt": "A runner goes 12 km in 3 hours at a steady pace. How many kilometers per hour is "
                "that?",
                "correct": _n(4),
                "feedback_correct": "Yes: 12 ÷ 3 = 4 km per hour.",
                "feedback_incorrect": "Kilometers per hour means kilometers ÷ hours.",
                "hints": ["How many km in 1 hour?", "Divide 12 by 3."],
            },
            {
                "interaction": "choice",
                "prompt": "A pack of 8 trading cards costs $2. What is the price per card?",
                "choices": _choices("$0.25 per card", "$4 per card", "$0.50 per card", "$16 per card"),
                "correct": ["a"],
                "feedback_correct": "Right: $2 ÷ 8 cards = $0.25 per card.",
                "feedback_incorrect": "Price per card means dollars ÷ cards.",
                "choice_feedback": {
                    "b": "8 ÷ 2 = 4 is cards per dollar, not dollars per card.",
                    "d": "Multiplying gives a much bigger number than the whole pack's price.",
                },
                "hints": ["Divide the price by the number of cards."],
            },
            {
                "interaction": "numeric_entry",
                "prompt": "In a video game you earn 150 points in 6 minutes. How many points is that per "
                "minute?",
                "correct": _n(25),
                "feedback_correct": "Yes: 150 ÷ 6 = 25 points per minute.",
                "feedback_incorrect": "Points per minute means points ÷ minutes.",
                "hints": ["Divide 150 by 6."],
            },
            {
                "interaction": "text_entry",
                "prompt": "Complete the sentence with one word or number: a unit rate tells how much of one "
                "quantity there is for ___ unit of the other quantity.",
                "correct": ["1", "one", "each", "every"],
                "feedback_correct": 'Yes: a unit rate is "per 1".',
                "feedback_incorrect": 'Think of "miles per hour": miles for how many hours?',
                "hints": ['The word "per" means "for each".'],
            },
            {
                "interaction": "ordering",
                "prompt": "Put these runners in order from slowest to fastest.",
                "choices": _choices(
                    "60 meters in 20 seconds",
                    "100 meters in 25 seconds",
                    "45 meters in 9 seconds",
                    "20 meters in 10 seconds",
                ),
                "correct": ["d", "a", "b", "c"],
                "feedback_correct": "Right: 2, 3, 4 and 5 meters per second.",
                "feedback_incorrect": "Find each runner's meters per second, then order them.",
                "hints": [
                    "Find each speed in meters per second: meters ÷ seconds.",
                    "60 ÷ 20 = 3 meters per second.",
                ],
            },
        ],
    ),
    (
        "6.RP.A.3a",
        "Ratio tables for paint and smoothies",
        "Make tables of equivalent ratios, find missing values and compare mixtures.",
        ["cooking", "art"],
        20,
        [
            {
                "interaction": "numeric_entry",
                "prompt": "A paint mix uses 2 cups of blue for every 3 cups of yellow. In the table, blue is "
                "2, 4, 6 and yellow is 3, 6, ?. What is the missing number?",
                "correct": _n(9),
                "feedback_correct": "Yes: 6 cups of blue is 3 times 2, so yellow is 3 times 3 = 9.",
                "feedback_incorrect": "Each row of the table multiplies both colors by the same number.",
                "hints": ["6 is 2 × 3.", "Multiply the yellow by the same number."],
            },
            {
                "interaction": "choice",
                "prompt": "Which ratio is equivalent to 3:5?",
                "choices": _choices("9:15", "5:7", "6:8", "15:9"),
                "correct": ["a"],
                "feedback_correct": "Right: multiply both parts by 3.",
                "feedback_incorrect": "Equivalent ratios multiply both parts by the same number.",
                "choice_feedback": {
                    "b": "Adding 2 to both parts doesn't keep the ratio the same.",
                    "c": "Adding 3 to both parts doesn't keep the ratio the same.",
                    "d": "15:9 has the parts in the other order.",
                },
                "hints": ["What number times 3 gives 9? Does it also turn 5 into 15?"],
            },
            {
                "interaction": "choice",
                "prompt": "Smoothie A uses 2 cups of strawberries for 3 cups of yogurt. Smoothie B uses 4 "
                "cups of strawberries for 5 cups of yogurt. Which tastes more of strawberry?",
                "choices": _choices("Smoothie A", "Smoothie B", "They taste the same"),
                "correct": ["b"],
                "feedback_correct": "Yes: with 4 cups of strawberries, A would need 6 cups of yogurt but B "
                "uses only 5.",
                "feedback_incorrect": "Make both recipes use the same amount of strawberries, then compare "
                "the yogurt.",
                "choice_feedback": {"c": "4:5 is not equivalent to 2:3: double 2:3 is 4:6."},
                "hints": [
                    "Double smoothie A: 4 cups of strawberries for 6 cups of yogurt.",
                    "Less yogurt for the same strawberries means a stronger strawberry taste.",
                ],
            },
            {
                "interaction": "numeric_entry",
                "prompt": "A recipe uses 3 eggs for every 2 cups of milk. How many eggs go with 10 cups of "
                "milk?",
                "correct": _n(15),
                "feedback_correct": "Right: 10 cups is 5 times 2 cups, so 5 × 3 = 15 eggs.",
                "feedback_incorrect": "How many times 2 cups is 10 cups?",
                "hints": ["10 ÷ 2 = 5.", "Multiply the eggs by 5 too."],
            },
            {
                "interaction": "multiple_choice",
                "prompt": "Which ratios are equivalent to 4:10? Choose all that apply.",
                "choices": _choices("2:5", "8:20", "6:12", "10:25", "5:11"),
                "correct": ["a", "b", "d"],
                "feedback_correct": "Yes: 2:5, 8:20 and 10:25 all simplify to 2:5.",
                "feedback_incorrect": "Simplify each ratio and compare with 4:10 = 2:5.",
                "choice_feedback": {
                    "c": "6:12 simplifies to 1:2, not 2:5.",
                    "e": "Adding 1 to both parts doesn't keep the ratio.",
                },
                "hints": ["4:10 simplifies to 2:5.", "10:25: divide both parts by 5."],
            },
        ],
    ),
    (
        "6.RP.A.3b",
        "Best buys and steady speeds",
        "Solve unit price and constant speed problems: compare deals, plan trips, order stores by price.",
        ["travel", "money", "sports"],
        20,
        [
            {
                "interaction": "choice",
                "prompt": "Which is the better buy for juice: store A sells 4 bottles for $6.00 and store B "
                "sells 6 bottles for $8.40?",
                "choices": _choices("Store A", "Store B", "They cost the same per bottle"),
                "correct": ["b"],
                "feedback_correct": "Right: A is $1.50 a bottle and B is $1.40 a bottle.",
                "feedback_incorrect": "Find the price of one bottle at each store.",
                "choice_feedback": {"a": "Store A costs less in all, but you get fewer bottles."},
                "hints": ["$6.00 ÷ 4 = ?", "$8.40 ÷ 6 = ?"],
            },
            {
                "interaction": "numeric_entry",
                "prompt": "A train travels at a constant 80 km per hour. How many kilometers does it travel "
                "in 3.5 hours?",
                "correct": _n(280),
                "feedback_correct": "Yes: 80 × 3.5 = 280 km.",
                "feedback_incorrect": "Distance = speed × time.",
                "hints": ["In 3 hours the train goes 240 km. How far in half an hour more?"],
            },
            {
                "interaction": "numeric_entry",
                "prompt": "A car uses 5 gallons of gas to go 150 miles. How many gallons does it need to go "
                "420 miles?",
                "correct": _n(14),
                "feedback_correct": "Right: 150 ÷ 5 = 30 miles per gallon, and 420 ÷ 30 = 14 gallons.",
                "feedback_incorrect": "Find the miles per gallon first.",
                "hints": ["Miles per gallon: 150 ÷ 5.", "How many 30s are in 420?"],
            },
            {
                "interaction": "numeric_entry",
                "prompt": "Apples cost $3.60 for 4 pounds. How many dollars do 7 pounds cost?",
                "correct": _n(6.3),
                "feedback_correct": "Yes: $0.90 per pound × 7 = $6.30.",
                "feedback_incorrect": "Find the price of 1 pound, then multiply.",
                "hints": ["$3.60 ÷ 4 = $0.90 per pound."],
            },
            {
                "interaction": "numeric_entry",
                "prompt": "A swimmer swims 200 meters in 4 minutes. At that rate, how many minutes will 600 "
                "meters take?",
                "correct": _n(12),
                "feedback_correct": "Right: 50 meters per minute, and 600 ÷ 50 = 12 minutes.",
                "feedback_incorrect": "Find the meters per minute first.",
                "hints": ["200 ÷ 4 = 50 meters per minute."],
            },
            {
                "interaction": "ordering",
                "prompt": "Order the stores from the cheapest to the most expensive price per notebook.",
                "choices": _choices(
                    "Store P: 3 notebooks for $4.50",
                    "Store Q: 5 notebooks for $6.00",
                    "Store R: 2 notebooks for $3.40",
                    "Store S: 10 notebooks for $13.00",
                ),
                "correct": ["b", "d", "a", "c"],
                "feedback_correct": "Yes: $1.20, $1.30, $1.50, $1.70 per notebook.",
                "feedback_incorrect": "Find each store's price for one notebook first.",
                "hints": ["Divide each price by the number of notebooks.", "Store P: $4.50 ÷ 3 = $1.50."],
            },
        ],
    ),
    (
        "6.RP.A.3c",
        "Percents in sales and scores",
        "Find a percent of a quantity, the percent one number is of another, and the whole from a part.",
        ["money", "sports", "games"],
        20,
        [
            {
                "interaction": "numeric_entry",
                "prompt": "What is 30% of 50?",
                "correct": _n(15),
                "feedback_correct": "Yes: 30% is 30 per 100, and 0.30 × 50 = 15.",
                "feedback_incorrect": "30% of 50 is 30/100 × 50.",
                "hints": ["10% of 50 is 5.", "30% is three times 10%."],
            },
            {
                "interaction": "numeric_entry",
                "prompt": "A soccer player scored on 12 of her 16 shots. What percent of her shots scored?",
                "correct": _n(75, percent=True),
                "feedback_correct": "Right: 12/16 = 3/4 = 75%.",
                "feedback_incorrect": "Write 12 out of 16 as a fraction, then as a rate per 100.",
                "hints": ["12/16 simplifies to 3/4.", "3/4 = ?/100"],
            },
            {
                "interaction": "numeric_entry",
                "prompt": "A video game that costs $40 is on sale for 25% off. What is the sale price in "
                "dollars?",
                "correct": _n(30),
                "feedback_correct": "Yes: 25% of $40 is $10, and $40 − $10 = $30.",
                "feedback_incorrect": "Find 25% of $40, then take it off the price.",
                "hints": ["25% is one quarter.", "A quarter of $40 is $10."],
            },
            {
                "interaction": "choice",
                "prompt": "18 is 60% of what number?",
                "choices": _choices("30", "10.8", "28.8", "78"),
                "correct": ["a"],
                "feedback_correct": "Right: 60% of 30 is 18.",
                "feedback_incorrect": "You know the part (18) and the percent (60%); find the whole.",
                "choice_feedback": {
                    "b": "10.8 is 60% of 18. Here 18 is the part, not the whole.",
                    "d": "Percents aren't added to numbers: 18 + 60 mixes a part and a percent.",
                },
                "hints": ["60% is 6 tenths. If 6 tenths is 18, what is 1 tenth?", "1 tenth is 3."],
            },
            {
                "interaction": "numeric_entry",
                "prompt": "9 students in grade 6 walk to school. That is 15% of the grade. How many students "
                "are in grade 6?",
                "correct": _n(60),
                "feedback_correct": "Yes: 15% of 60 is 9.",
                "feedback_incorrect": "9 is the part and 15% the percent: find the whole.",
                "hints": ["If 15% is 9 students, then 5% is 3 students.", "100% is 20 times 5%."],
            },
            {
                "interaction": "multiple_choice",
                "prompt": "Which are equal to 40%? Choose all that apply.",
                "choices": _choices("0.4", "4/10", "2/5", "0.04", "40/1000"),
                "correct": ["a", "b", "c"],
                "feedback_correct": "Right: 40% = 40/100 = 0.4 = 4/10 = 2/5.",
                "feedback_incorrect": "40% means 40 per 100.",
                "choice_feedback": {
                    "d": "0.04 is 4 per 100, which is 4%.",
                    "e": "40/1000 is 4 per 100, which is 4%.",
                },
                "hints": ["Write 40% as a fraction with denominator 100.", "40/100 simplifies to 2/5."],
            },
        ],
    ),
    (
        "7.RP.A.1",
        "Rates with fractions: walkers, snails and recipes",
        "Compute unit rates when both quantities are fractions.",
        ["cooking", "animals", "sports"],
        20,
        [
            {
                "interaction": "numeric_entry",
                "prompt": "Maya walks 1/2 mile in 1/4 hour. What is her speed in miles per hour?",
                "correct": _n(2),
                "feedback_correct": "Yes: 1/2 ÷ 1/4 = 2 miles per hour.",
                "feedback_incorrect": "Miles per hour: divide the miles by the hours.",
                "hints": ["1/4 hour is 15 minutes. How far would she walk in 4 of those?"],
            },
            {
                "interaction": "numeric_entry",
                "prompt": "A recipe uses 3/4 cup of sugar for every 1/2 cup of butter. How many cups of "
                "sugar is that for 1 cup of butter?",
                "correct": _n(1.5),
                "feedback_correct": "Right: 3/4 ÷ 1/2 = 3/2 = 1 1/2 cups of sugar per cup of butter.",
                "feedback_incorrect": "Divide the sugar by the butter: 3/4 ÷ 1/2.",
                "hints": ["1 cup of butter is twice 1/2 cup.", "Double 3/4 cup."],
            },
            {
                "interaction": "choice",
                "prompt": "A painter covers 2/3 of a wall in 1/3 of an hour. At that rate, how many walls "
                "could she paint in one hour?",
                "choices": _choices("2 walls", "2/9 of a wall", "1/2 of a wall", "1 wall"),
                "correct": ["a"],
                "feedback_correct": "Yes: 2/3 ÷ 1/3 = 2 walls per hour.",
                "feedback_incorrect": "Walls per hour means walls ÷ hours.",
                "choice_feedback": {
                    "b": "That multiplies 2/3 by 1/3. A rate per hour divides by the time.",
                    "c": "That divides the time by the walls, the wrong way round.",
                },
                "hints": [
                    "An hour is three thirds of an hour.",
                    "In each 1/3 hour she paints 2/3 of a wall.",
                ],
            },
            {
                "interaction": "numeric_entry",
                "prompt": "A snail crawls 1/6 meter in 1/3 minute. How many meters per minute is that?",
                "correct": _n("1/2"),
                "feedback_correct": "Right: 1/6 ÷ 1/3 = 1/2 meter per minute.",
                "feedback_incorrect": "Divide the meters by the minutes: 1/6 ÷ 1/3.",
                "hints": ["A minute is 3 times 1/3 minute.", "3 × 1/6 = ?"],
            },
            {
                "interaction": "text_entry",
                "prompt": "To find a unit rate like miles per hour from 3/4 mile in 1/4 hour, which "
                "operation do you use on the distance and the time? Answer with one word.",
                "correct": ["divide", "division", "dividing"],
                "feedback_correct": "Yes: divide the distance by the time (3/4 ÷ 1/4 = 3 miles per hour).",
                "feedback_incorrect": '"Per" tells you which operation to use.',
                "hints": ["Miles per hour = miles ___ hours."],
            },
        ],
    ),
    (
        "7.RP.A.2",
        "Proportional or not? Songs, games and rockets",
        "Recognize proportional relationships in tables, equations and graphs, and find the constant.",
        ["music", "space", "games"],
        20,
        [
            {
                "interaction": "choice",
                "prompt": "Which table shows y proportional to x?",
                "choices": _choices(
                    "x: 1, 2, 3 and y: 3, 6, 9",
                    "x: 1, 2, 3 and y: 4, 5, 6",
                    "x: 1, 2, 3 and y: 2, 4, 7",
                    "x: 0, 1, 2 and y: 1, 2, 3",
                ),
                "correct": ["a"],
                "feedback_correct": "Right: y/x is always 3, so y = 3x.",
                "feedback_incorrect": "In a proportional table y ÷ x is the same in every column.",
                "choice_feedback": {
                    "b": "y = x + 3: adding, not multiplying. 4/1 and 5/2 are different.",
                    "d": "When x is 0, y must be 0 in a proportional relationship.",
                },
                "hints": ["Divide each y by its x.", "Is the quotient always the same?"],
            },
            {
                "interaction": "numeric_entry",
                "prompt": "Every song in an online store costs the same. 4 songs cost $5. What is the "
                "constant of proportionality, in dollars per song?",
                "correct": _n(1.25),
                "feedback_correct": "Yes: 5 ÷ 4 = $1.25 per song.",
                "feedback_incorrect": "Dollars per song: divide the dollars by the songs.",
                "hints": ["Divide 5 by 4."],
            },
            {
                "interaction": "multiple_choice",
                "prompt": "Which equations show y proportional to x? Choose all that apply.",
                "choices": _choices("y = 4x", "y = x + 4", "y = x/2", "y = 2x + 1", "y = 0.75x"),
                "correct": ["a", "c", "e"],
                "feedback_correct": "Right: y = kx, with k = 4, 1/2 and 0.75.",
                "feedback_incorrect": "Proportional equations have the form y = kx, with nothing added.",
                "choice_feedback": {
                    "b": "Adding 4 means y isn't 0 when x is 0.",
                    "d": "The + 1 means y isn't 0 when x is 0.",
                },
                "hints": ["Look for y = (a number) × x.", "x/2 is the same as 1/2 × x."],
            },
            {
                "interaction": "choice",
                "prompt": "The graph of a proportional relationship is always…",
                "choices": _choices(
                    "a straight line through the origin (0, 0)",
                    "any straight line",
                    "a curve",
                    "a straight line through (0, 1)",
                ),
                "correct": ["a"],
                "feedback_correct": "Yes: a straight line through (0, 0).",
                "feedback_incorrect": "Think of y = kx when x = 0.",
                "choice_feedback": {
                    "b": "A straight line that misses (0, 0), like y = x + 1, isn't proportional."
                },
                "hints": ["What is y when x is 0 in y = kx?"],
            },
            {
                "interaction": "numeric_entry",
                "prompt": "A model rocket climbs at a constant speed: after 2 seconds it is 30 meters high, "
                "and after 5 seconds it is 75 meters high. In y = kx (y meters after x seconds), what is k?",
                "correct": _n(15),
                "feedback_correct": "Right: 30 ÷ 2 = 75 ÷ 5 = 15 meters per second.",
                "feedback_incorrect": "k is y ÷ x for any point.",
                "hints": ["Divide 30 by 2.", "Check that 75 ÷ 5 gives the same number."],
            },
            {
                "interaction": "text_entry",
                "prompt": "y is proportional to x with a constant of proportionality of 7. Write the "
                "equation.",
                "correct": ["y = 7x", "y = 7*x", "y = 7×x", "y = 7·x", "7x = y"],
                "feedback_correct": "Yes: y = 7x.",
                "feedback_incorrect": "A proportional relationship is y = kx.",
                "hints": ["Put 7 in place of k in y = kx."],
            },
        ],
    ),
    (
        "7.RP.A.3",
        "Shopping, tips and savings: multistep percents",
        "Solve multistep ratio and percent problems: discounts and tax, tips, markups, growth and interest.",
        ["money", "travel"],
        25,
        [
            {
                "interaction": "numeric_entry",
                "prompt": "A jacket costs $60. It is on sale for 20% off, and then 5% sales tax is added to "
                "the sale price. What is the final cost in dollars?",
                "correct": _n(50.4),
                "feedback_correct": "Right: $60 − $12 = $48, and $48 + $2.40 tax = $50.40.",
                "feedback_incorrect": "Take the discount first, then add tax on the sale price.",
                "hints": ["20% of $60 is $12.", "5% of the sale price $48 is $2.40."],
            },
            {
                "interaction": "numeric_entry",
                "prompt": "A restaurant bill is $45. You leave a 20% tip. What is the total in dollars?",
                "correct": _n(54),
                "feedback_correct": "Yes: the tip is $9, so the total is $54.",
                "feedback_incorrect": "Find 20% of $45 and add it to the bill.",
                "hints": ["10% of $45 is $4.50.", "20% is twice 10%."],
            },
            {
                "interaction": "numeric_entry",
                "prompt": "A town grew from 2,000 people to 2,300 people. By what percent did it grow?",
                "correct": _n(15, percent=True),
                "feedback_correct": "Right: it grew by 300, and 300/2,000 = 15%.",
                "feedback_incorrect": "Percent increase = increase ÷ the starting amount.",
                "hints": ["The increase is 2,300 − 2,000.", "300 out of 2,000 is how many per 100?"],
            },
            {
                "interaction": "choice",
                "prompt": "A store marks up a $25 skateboard by 40%. What is the new price?",
                "choices": _choices("$35", "$65", "$10", "$15"),
                "correct": ["a"],
                "feedback_correct": "Yes: 40% of $25 is $10, so $25 + $10 = $35.",
                "feedback_incorrect": "Find 40% of $25 and add it to the price.",
                "choice_feedback": {
                    "b": "$65 adds 40 dollars, not 40 percent.",
                    "c": "$10 is the markup only; add it to the price.",
                    "d": "A markup raises the price; $15 takes $10 off.",
                },
                "hints": ["10% of $25 is $2.50."],
            },
            {
                "interaction": "numeric_entry",
                "prompt": "You put $200 in a savings account that pays 3% simple interest per year. How many "
                "dollars of interest do you earn in 2 years?",
                "correct": _n(12),
                "feedback_correct": "Right: $6 a year for 2 years is $12.",
                "feedback_incorrect": "Simple interest: find 3% of $200 for one year, then for two.",
                "hints": ["1% of $200 is $2.", "3% of $200 is $6 per year."],
            },
            {
                "interaction": "ordering",
                "prompt": "A game costs $80. It is 25% off, then 10% tax is added. Put the steps in order to "
                "find the final price.",
                "choices": _choices(
                    "Find 10% of $60: $6",
                    "Find 25% of $80: $20",
                    "Add: $60 + $6 = $66",
                    "Subtract: $80 − $20 = $60",
                ),
                "correct": ["b", "d", "a", "c"],
                "feedback_correct": "Yes: discount first, then tax on the sale price: $66.",
                "feedback_incorrect": "The tax is on the sale price, so the discount comes first.",
                "hints": ["Which price is the tax added to?"],
            },
        ],
    ),
    (
        "6.EE.A.2",
        "Expressions in games and space",
        "Write, read and evaluate expressions in which letters stand for numbers.",
        ["games", "space"],
        15,
        [
            {
                "interaction": "choice",
                "prompt": 'Which expression means "5 less than a number n"?',
                "choices": _choices("n − 5", "5 − n", "5n", "n + 5"),
                "correct": ["a"],
                "feedback_correct": "Right: start with n and take 5 away.",
                "feedback_incorrect": '"5 less than n" starts with n.',
                "choice_feedback": {"b": "5 − n is n less than 5: the order is swapped."},
                "hints": ['"3 less than 10" is 10 − 3.'],
            },
            {
                "interaction": "numeric_entry",
                "prompt": "Evaluate 3x + 2 when x = 4.",
                "correct": _n(14),
                "feedback_correct": "Yes: 3 × 4 + 2 = 14.",
                "feedback_incorrect": "Put 4 in place of x, multiply, then add.",
                "hints": ["3x means 3 × x.", "3 × 4 = 12."],
            },
            {
                "interaction": "numeric_entry",
                "prompt": "Evaluate s² − 2s when s = 5.",
                "correct": _n(15),
                "feedback_correct": "Right: 25 − 10 = 15.",
                "feedback_incorrect": "s² means s × s. Do the power first, then multiply, then subtract.",
                "hints": ["5² = 25.", "2s = 2 × 5 = 10."],
            },
            {
                "interaction": "text_entry",
                "prompt": 'Write an expression for "the product of 6 and a number m".',
                "correct": ["6m", "6*m", "6×m", "6·m", "6 x m", "6(m)", "m*6", "m×6", "m·6"],
                "feedback_correct": "Yes: 6m.",
                "feedback_incorrect": '"Product" means multiply.',
                "hints": ["A product is the answer to a multiplication.", "6 times m can be written 6m."],
            },
            {
                "interaction": "choice",
                "prompt": "In the expression 4a + 7, what is the coefficient?",
                "choices": _choices("4", "7", "a", "4a"),
                "correct": ["a"],
                "feedback_correct": "Right: the coefficient is the number multiplying the variable.",
                "feedback_incorrect": "The coefficient multiplies the variable.",
                "choice_feedback": {
                    "b": "7 is the constant term: nothing multiplies it.",
                    "c": "a is the variable.",
                    "d": "4a is a whole term; its number part is the coefficient.",
                },
                "hints": ["Which number is stuck to the letter?"],
            },
            {
                "interaction": "numeric_entry",
                "prompt": "A game gives 10 points for each coin c and 50 points for each star s: 10c + 50s. "
                "How many points do you get for 7 coins and 2 stars?",
                "correct": _n(170),
                "feedback_correct": "Yes: 70 + 100 = 170 points.",
                "feedback_incorrect": "Put c = 7 and s = 2 into 10c + 50s.",
                "hints": ["10 × 7 = 70.", "50 × 2 = 100."],
            },
        ],
    ),
    (
        "6.EE.A.3",
        "Same value, different look: equivalent expressions",
        "Use the distributive property and like terms to write equivalent expressions.",
        ["art", "games"],
        15,
        [
            {
                "interaction": "choice",
                "prompt": "Which expression is equivalent to 3(x + 4)?",
                "choices": _choices("3x + 12", "3x + 4", "x + 12", "7x"),
                "correct": ["a"],
                "feedback_correct": "Right: 3 × x + 3 × 4 = 3x + 12.",
                "feedback_incorrect": "Multiply 3 by each term inside the parentheses.",
                "choice_feedback": {
                    "b": "The 3 multiplies the 4 too.",
                    "d": "x and 4 aren't like terms, so they can't be added into 7x.",
                },
                "hints": ["3(x + 4) = 3 × x + 3 × 4."],
            },
            {
                "interaction": "multiple_choice",
                "prompt": "Which are equivalent to 6y + 9? Choose all that apply.",
                "choices": _choices("3(2y + 3)", "6(y + 9)", "9 + 6y", "15y"),
                "correct": ["a", "c"],
                "feedback_correct": "Yes: factoring out 3, and changing the order of the terms.",
                "feedback_incorrect": "Expand or rearrange each one and compare.",
                "choice_feedback": {
                    "b": "6(y + 9) = 6y + 54.",
                    "d": "6y and 9 are not like terms.",
                },
                "hints": ["Expand 3(2y + 3).", "Adding works in any order."],
            },
            {
                "interaction": "text_entry",
                "prompt": "Combine like terms: y + y + y = ?",
                "correct": ["3y", "3*y", "3×y", "3·y", "3 x y"],
                "feedback_correct": "Right: three y's make 3y.",
                "feedback_incorrect": "How many y's are there?",
                "hints": ["y + y is 2y."],
            },
            {
                "interaction": "numeric_entry",
                "prompt": "Factor 8x + 12 using the greatest common factor: 8x + 12 = ?(2x + 3). What number "
                "goes in front?",
                "correct": _n(4),
                "feedback_correct": "Yes: 4(2x + 3) = 8x + 12.",
                "feedback_incorrect": "Find the greatest number that divides both 8 and 12.",
                "hints": ["Factors of 8: 1, 2, 4, 8.", "Which of those also divide 12?"],
            },
            {
                "interaction": "choice",
                "prompt": "Which property shows that 5(a + 2) = 5a + 10?",
                "choices": _choices(
                    "The distributive property",
                    "The commutative property",
                    "The associative property",
                    "The identity property",
                ),
                "correct": ["a"],
                "feedback_correct": "Right: multiplication distributes over addition.",
                "feedback_incorrect": "Which property multiplies a number by each term in a sum?",
                "choice_feedback": {"b": "The commutative property changes the order, like a + 2 = 2 + a."},
                "hints": ["The 5 is handed out to each term in the parentheses."],
            },
        ],
    ),
    (
        "6.EE.B.7",
        "Solve for the unknown: one-step equations",
        "Solve equations like x + p = q and px = q from sports, animals and space.",
        ["sports", "animals", "space"],
        15,
        [
            {
                "interaction": "numeric_entry",
                "prompt": "Solve x + 17 = 42.",
                "correct": _n(25),
                "feedback_correct": "Yes: x = 42 − 17 = 25.",
                "feedback_incorrect": "Undo adding 17 by subtracting 17 from both sides.",
                "hints": ["Subtract 17 from both sides."],
            },
            {
                "interaction": "numeric_entry",
                "prompt": "Solve 6x = 54.",
                "correct": _n(9),
                "feedback_correct": "Right: x = 54 ÷ 6 = 9.",
                "feedback_incorrect": "Undo multiplying by 6 by dividing both sides by 6.",
                "hints": ["Divide both sides by 6."],
            },
            {
                "interaction": "numeric_entry",
                "prompt": "Solve (3/4)x = 12.",
                "correct": _n(16),
                "feedback_correct": "Yes: x = 12 ÷ 3/4 = 16. Check: 3/4 of 16 is 12.",
                "feedback_incorrect": "Divide both sides by 3/4 (or multiply by 4/3).",
                "hints": ["If 3/4 of x is 12, then 1/4 of x is 4.", "x is four quarters."],
            },
            {
                "interaction": "choice",
                "prompt": "A dog weighs 4 times as much as a cat. The dog weighs 36 pounds. Which equation "
                "finds the cat's weight c?",
                "choices": _choices("4c = 36", "c + 4 = 36", "36c = 4", "c = 36 × 4"),
                "correct": ["a"],
                "feedback_correct": "Right: 4 times the cat's weight is the dog's weight, so c = 9.",
                "feedback_incorrect": '"4 times as much" means multiply the cat\'s weight by 4.',
                "choice_feedback": {
                    "b": "That says the dog is 4 pounds heavier, not 4 times as heavy.",
                    "d": "That makes the cat 4 times heavier than the dog.",
                },
                "hints": ["The dog's weight = 4 × the cat's weight."],
            },
            {
                "interaction": "numeric_entry",
                "prompt": "A team had 38 points at half time and 71 points at the end. Solve 38 + p = 71 to "
                "find p, the points scored in the second half.",
                "correct": _n(33),
                "feedback_correct": "Yes: p = 71 − 38 = 33.",
                "feedback_incorrect": "Subtract 38 from both sides.",
                "hints": ["71 − 38 = ?"],
            },
        ],
    ),
]

READING = (
    Activity.Kind.READING,
    "Animal speeds as unit rates",
    "A cheetah can run about 30 meters in one second, a horse about 20, and a garden snail about 1 "
    "millimeter. Each of these is a unit rate: an amount for one unit of time. Unit rates let us compare "
    "animals that were timed in different ways. If a greyhound covers 90 meters in 5 seconds, divide to get "
    "its unit rate: 90 ÷ 5 = 18 meters per second, a little slower than a horse. If a rabbit covers 33 "
    "meters in 3 seconds, it runs 11 meters per second. Now try it: an ostrich runs 140 meters in 7 seconds "
    "and a house cat 42 meters in 3 seconds. Find each one's meters per second, and write two sentences "
    'comparing the animals with the words "per" and "for every".',
    "6.RP.A.2",
    ["animals", "sports"],
    20,
)

LESSON = (
    Activity.Kind.LESSON,
    "Ratio tables with a partner",
    "Talk it through with a partner: one of you builds a ratio table for a drink mix (2 scoops for every 5 "
    "cups of water), the other checks each row by dividing. Swap roles with a paint mix (3 red for every "
    "4 white). Finish by explaining to each other how you know two rows are equivalent.",
    "6.RP.A.3a",
    ["art", "cooking"],
    25,
)

TRIP = (
    "Plan a class trip budget using unit rates",
    "Your class has $600 for a day trip. Compare two bus companies (one charges per mile, the other per "
    "hour), price lunch for everyone using a unit price, and decide whether a 15% group discount on museum "
    "tickets keeps you under budget. Hand in your budget table and a short explanation of each choice.",
    ["travel", "money"],
    90,
)

RECIPE = (
    "Design a recipe for 30 people",
    "Choose a favorite recipe that serves 4. Scale every ingredient for 30 people using a ratio table, find "
    "the cost per serving from store prices, and show what percent of your $75 budget each ingredient uses. "
    "Cook or present your recipe and explain how you scaled it.",
    ["cooking"],
    180,
)


@dataclass
class DemoContentResult:
    activities_created: int = 0
    items_created: int = 0
    rubrics_created: int = 0

    @property
    def created_anything(self) -> bool:
        return bool(self.activities_created or self.items_created or self.rubrics_created)


@transaction.atomic
def load_demo_content(framework: Framework, habits: Framework | None = None) -> DemoContentResult:
    """Load the demo activities for `framework` (the demo math framework), with the rubric's habit row
    aligned to "I learn from mistakes and revise my work" in `habits` when given. Standards the framework
    lacks are skipped. Idempotent: a second load creates nothing."""
    result = DemoContentResult()
    codes = {c.human_code: c for c in framework.competencies.all() if c.human_code}
    district = framework.district
    for code, title, description, interests, minutes, items in PRACTICE:
        competency = codes.get(code)
        if competency is None:
            continue
        activity = _activity(
            result,
            title=title,
            kind=Activity.Kind.PRACTICE_SET,
            description=description,
            competencies=[competency],
            interests=interests,
            estimated_minutes=minutes,
            district=district,
        )
        existing = set(activity.items.values_list("qti_identifier", flat=True))
        for number, spec in enumerate(items, start=1):
            identifier = f"{QTI_PREFIX}-{code}-{number}"
            if identifier in existing:
                continue
            services.add_item(activity=activity, competency=competency, qti_identifier=identifier, **spec)
            result.items_created += 1
    for kind, title, description, code, interests, minutes in (READING, LESSON):
        if code in codes:
            _activity(
                result,
                title=title,
                kind=kind,
                description=description,
                competencies=[codes[code]],
                interests=interests,
                estimated_minutes=minutes,
                district=district,
            )
    unit_rates, percents = codes.get("6.RP.A.3b"), codes.get("6.RP.A.3c")
    if unit_rates is None or percents is None:
        return result
    revising = habits.competencies.filter(human_code="HOL.P.2").first() if habits is not None else None
    rubric = _rubric(result, unit_rates, percents, revising, framework)
    aligned = [unit_rates, percents, *([revising] if revising is not None else [])]
    for (title, description, interests, minutes), kind, extra in (
        (TRIP, Activity.Kind.PERFORMANCE_TASK, []),
        (RECIPE, Activity.Kind.PROJECT, [codes[c] for c in ("6.RP.A.3a",) if c in codes]),
    ):
        _activity(
            result,
            title=title,
            kind=kind,
            description=description,
            competencies=[*aligned, *extra],
            interests=interests,
            estimated_minutes=minutes,
            district=district,
            rubric=rubric,
        )
    return result


def _activity(result: DemoContentResult, *, title: str, district: Any, **fields: Any) -> Activity:
    found = Activity.objects.filter(title=title, district=district).first()
    if found is not None:
        return found
    result.activities_created += 1
    return services.create_activity(title=title, district=district, **fields)


def _rubric(
    result: DemoContentResult,
    unit_rates: Competency,
    percents: Competency,
    revising: Competency | None,
    framework: Framework,
) -> Rubric:
    found = Rubric.objects.filter(title=RUBRIC_TITLE, district=framework.district).first()
    if found is not None:
        return found
    labels = {int(level["value"]): str(level["label"]) for level in framework.scale.levels}

    def levels(*descriptions: str) -> list[dict[str, Any]]:
        return [
            {"value": value, "label": labels.get(value, str(value)), "description": text}
            for value, text in enumerate(descriptions, start=1)
        ]

    criteria: list[dict[str, Any]] = [
        {
            "title": "Finds and uses unit rates",
            "description": "Unit prices, speeds and per-person amounts, used to compare and decide.",
            "competency": unit_rates,
            "levels": levels(
                "Finds a unit rate with help; may divide the wrong way round.",
                "Finds unit rates but does not always use them to compare or decide.",
                "Finds the unit rates needed and uses them correctly to compare and decide.",
                "Chooses the most useful unit rate on their own and checks it another way.",
            ),
        },
        {
            "title": "Works with percents",
            "description": "Percent of a quantity, discounts, and the share of a budget.",
            "competency": percents,
            "levels": levels(
                "Confuses the part, the whole and the percent.",
                "Finds a percent of a quantity but not yet the percent one amount is of another.",
                "Finds percents of quantities and what percent one amount is of another, correctly.",
                "Uses percents to make and justify a decision, and estimates to check.",
            ),
        },
        {
            "title": "Shows and explains reasoning",
            "description": "Tables, labels and words that let someone else follow the work.",
            "competency": None,
            "levels": levels(
                "Answers without showing how they were found.",
                "Shows some steps; labels or units are missing.",
                "Shows each step with labeled tables and units, and explains the choices.",
                "Explains clearly enough that a classmate could repeat the work and learn from it.",
            ),
        },
    ]
    if revising is not None:
        criteria.append(
            {
                "title": "Revises work using feedback",
                "description": "Learning from mistakes: the second draft is better than the first.",
                "competency": revising,
                "levels": levels(
                    "Hands in a first draft only.",
                    "Fixes mistakes that others point out.",
                    "Finds and fixes their own mistakes, and uses feedback to improve the work.",
                    "Seeks feedback, explains what changed and why, and helps others revise.",
                ),
            }
        )
    result.rubrics_created += 1
    return services.create_rubric(
        title=RUBRIC_TITLE,
        description="For performance tasks and projects that use ratios, rates and percents.",
        criteria=criteria,
        district=framework.district,
    )


def demo_items(activity: Activity) -> list[Item]:
    """The demo items of a practice set, in order (for checks and the command line)."""
    return list(activity.items.filter(qti_identifier__startswith=QTI_PREFIX).order_by("position"))
